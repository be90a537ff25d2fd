#!/usr/bin/env bash
# Batch-scoring throughput: `fewshot predict MODEL DIR --out` with the TorchSharp model (.fewshot) and with its
# ONNX export on ONNX Runtime, on the same photos, pinned to 2 cores. See bench/README.md.
# Usage: bench/batch-scoring.sh [PHOTO_DIR] [MODEL.fewshot]
#   PHOTO_DIR defaults to ../shared/datasets/hymenoptera (405 files, one unreadable placeholder);
#   without MODEL, a 224 px bears model is trained first (1 frozen epoch: the weights do not change the speed).
set -euo pipefail
cd "$(dirname "$0")/.."
photos=${1:-../shared/datasets/hymenoptera}
work=$(mktemp -d -t fewshot-bench-XXXX)
trap 'rm -rf "$work"' EXIT
cores=${CORES:-0,1}
dotnet build -c Release src/Fewshot.Cli -v quiet -nologo >/dev/null
fewshot() { taskset -c "$cores" dotnet src/Fewshot.Cli/bin/Release/net10.0/Fewshot.Cli.dll "$@"; }

model=${2:-}
if [[ -z "$model" ]]; then
  model=$work/bears.fewshot
  fewshot train ../shared/datasets/bears --epochs 1 --unfreeze-epochs 0 --out "$model" >/dev/null
fi
fewshot export "$model" --onnx "$work/model.onnx" >/dev/null

for run in 1 2; do
  for backend in torchsharp-bf16 torchsharp-fp32 onnxruntime; do
    file=$model; extra=(--precision "${backend#torchsharp-}")
    [[ $backend == onnxruntime ]] && file=$work/model.onnx && extra=()
    rm -f "$work/$backend.csv"
    line=$(fewshot predict "$file" "$photos" --out "$work/$backend.csv" --bs 32 "${extra[@]}" | grep -o 'Scored.*photos/s)')
    echo "run $run  $backend  $line"
  done
done
