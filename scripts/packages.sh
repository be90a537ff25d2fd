#!/usr/bin/env bash
# Proves the NuGet packages the way a newcomer meets them, from a local folder feed and with a version unique to this
# run (so no package cached by an earlier run can stand in): packs Fewshot, Fewshot.Imaging, Fewshot.Inference and the
# tool Fewshot.Cli (one package per platform), prints each size and fails above nuget.org's 250 MB, installs the tool
# with `dotnet tool install --tool-path`, trains and predicts with it, then builds the samples against the packages
# (copied out of the repository, so no project reference can be used): ClassifyPhoto (Fewshot.Inference) classifies a
# photo with the exported model, TrainOneEpoch (Fewshot) trains one epoch at 64 px with the weights that the package
# graph brought. Needs ../shared (a few bears photos).
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/fewshot-packages.XXXXXX")
feed=$work/feed
nuget_cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
# This run's packages leave nothing behind, in the feed or unpacked in the NuGet cache.
trap 'rm -rf "$work" "$nuget_cache"/fewshot*/"$version"; rmdir "$nuget_cache"/fewshot* 2>/dev/null || true' EXIT

timed() { local name=$1 start=$SECONDS; shift; "$@"; echo "[packages] $name: $((SECONDS - start)) s"; }
quiet() { local log=$work/step.log; "$@" > "$log" 2>&1 || { cat "$log"; return 1; }; }

pack() {
  local project
  for project in Fewshot.Imaging Fewshot.Inference Fewshot Fewshot.Cli; do
    quiet dotnet pack "src/$project" -c Release -o "$feed" -p:Version="$version"
  done
}

check_sizes() {
  local limit=$((250 * 1000 * 1000)) too_big=0
  local package bytes
  for package in "$feed"/*.nupkg; do
    bytes=$(stat -c %s "$package")
    awk -v b="$bytes" -v n="$(basename "$package")" 'BEGIN { printf "[packages] %9.2f MB  %s\n", b / 1e6, n }'
    [ "$bytes" -le "$limit" ] || { echo "[packages] $(basename "$package") is above nuget.org's 250 MB limit"; too_big=1; }
  done
  return $too_big
}

photos() {
  local bears=../shared/datasets/bears split class
  [ -d "$bears" ] || { echo "[packages] needs $bears (a few photos to train on)"; return 1; }
  for split in train valid; do
    for class in black teddy; do
      mkdir -p "$work/photos/$split/$class"
      find "$bears/$split/$class" -name '*.jpg' | sort | head -n "$([ $split = train ] && echo 4 || echo 2)" |
        xargs -I{} cp {} "$work/photos/$split/$class/"
    done
  done
  photo=$(find "$work/photos/valid/teddy" -name '*.jpg' | sort | head -n 1)
}

use_tool() {
  quiet dotnet tool install Fewshot.Cli --version "$version" --tool-path "$work/tool" --add-source "$feed"
  local fewshot=$work/tool/fewshot shown
  shown=$("$fewshot" --version)
  [ "$shown" = "$version" ] || { echo "[packages] fewshot --version says '$shown', not $version"; return 1; }
  quiet "$fewshot" train "$work/photos" --size 64 --epochs 1 --unfreeze-epochs 0 --bs 4 --out "$work/bears.fewshot"
  "$fewshot" predict "$work/bears.fewshot" "$photo" | grep -qE $'\t(black|teddy)\t[0-9.]+$' ||
    { echo "[packages] fewshot predict printed no row for $photo"; return 1; }
  quiet "$fewshot" export "$work/bears.fewshot" --onnx "$work/bears.onnx"
}

# Builds a sample from a copy outside the repository, referencing the package of this run; prints its output folder.
build_sample() {
  local sample=$1
  mkdir -p "$work/$sample"
  cp samples/"$sample"/*.cs samples/"$sample"/*.csproj "$work/$sample/"
  quiet dotnet build "$work/$sample" -c Release -o "$work/$sample/out" \
    -p:FewshotVersion="$version" -p:RestoreAdditionalProjectSources="$feed"
}

classify_photo() {
  build_sample ClassifyPhoto
  dotnet "$work/ClassifyPhoto/out/ClassifyPhoto.dll" "$work/bears.onnx" "$photo" | head -n 1 | grep -qE '^(black|teddy) ' ||
    { echo "[packages] ClassifyPhoto did not classify $photo"; return 1; }
}

train_one_epoch() {
  # CI systems often set NUGET_PACKAGES without a trailing slash; the weights must arrive all the same.
  NUGET_PACKAGES=${nuget_cache%/} build_sample TrainOneEpoch
  [ -f "$work/TrainOneEpoch/out/models/ResNet18.onnx" ] ||
    { echo "[packages] the ResNet18 weights did not arrive beside the app through the package graph"; return 1; }
  dotnet "$work/TrainOneEpoch/out/TrainOneEpoch.dll" "$work/photos" "$work/sample.fewshot" | grep -q "validation accuracy" ||
    { echo "[packages] TrainOneEpoch did not train"; return 1; }
  [ -f "$work/sample.fewshot" ]
}

echo "[packages] version $version, feed $feed"
total=$SECONDS
timed "pack" pack
timed "sizes" check_sizes
timed "photos" photos
timed "tool install, --version, train, predict, export" use_tool
timed "ClassifyPhoto against Fewshot.Inference" classify_photo
timed "TrainOneEpoch against Fewshot" train_one_epoch
echo "[packages] all steps passed in $((SECONDS - total)) s"
