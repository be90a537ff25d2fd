#!/usr/bin/env bash
# Cluster throughput on one machine: local `predict --out`, then `predict --cluster` with 1 and with 2 workers (1 thread
# each), on the same photos; then the per-chunk overhead, from one worker's time with chunks of 8 and of 128 photos (in
# batches of 8 both times, so that only the number of chunks differs).
# Starts its own redis-server on a free loopback port and stops it and the workers at the end. See bench/README.md.
# Usage: bench/cluster.sh [PHOTO_DIR] [MODEL.fewshot]
#   PHOTO_DIR defaults to ../shared/datasets/hymenoptera (398 photos); without MODEL a 224 px bears model is trained
#   first (1 frozen epoch: the weights do not change the speed). ROUNDS=N repeats the measurements (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
photos=${1:-../shared/datasets/hymenoptera}
rounds=${ROUNDS:-1}
work=$(mktemp -d -t fewshot-cluster-bench-XXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export OMP_WAIT_POLICY=PASSIVE
dotnet build -c Release src/Fewshot.Cli -v quiet -nologo >/dev/null
cli=(dotnet src/Fewshot.Cli/bin/Release/net10.0/Fewshot.Cli.dll)
fewshot() { "${cli[@]}" "$@"; }

model=${2:-}
if [[ -z "$model" ]]; then
  model=$work/bears.fewshot
  fewshot train ../shared/datasets/bears --epochs 1 --unfreeze-epochs 0 --no-check --out "$model" >/dev/null
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
cluster=redis://127.0.0.1:$port

start_worker() { # waits until it has joined; its pid goes last in pids
  local log=$work/worker-$1.log
  "${cli[@]}" worker --cluster "$cluster" --threads 1 >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do grep -q "joined the cluster" "$log" && return; sleep 0.1; done
  echo "worker $1 did not join:"; cat "$log"; exit 1
}

# Prints the run's "Scored N photos in T s (R photos/s" summary.
score() { # name, extra options…
  local out=$work/$1.csv; shift
  rm -f "$out"
  fewshot predict "$model" "$photos" --out "$out" "$@" | grep -o 'Scored [0-9]* photos in [0-9.]* s ([0-9.]* photos/s'
}
seconds() { sed -E 's/.* in ([0-9.]+) s.*/\1/' <<<"$1"; }
count() { sed -E 's/Scored ([0-9]+) .*/\1/' <<<"$1"; }
# Loads the model on every worker (a few photos, one per chunk), so that model loading stays out of the timed runs.
mkdir "$work/warm"
find "$photos" -type f -name '*.jpg' | head -8 | cat -n | while read -r n photo; do ln -s "$(realpath "$photo")" "$work/warm/$n.jpg"; done
warm_up() { rm -f "$work/warm.csv"; fewshot predict "$model" "$work/warm" --cluster "$cluster" --out "$work/warm.csv" --chunk 1 >/dev/null; }

start_worker 1
for round in $(seq "$rounds"); do
  echo "round $round  local predict (2 cores)      $(score local)"
  warm_up
  echo "round $round  cluster, 1 worker × 1 thread  $(score one --cluster "$cluster")"
  [[ $round == 1 ]] && start_worker 2
  warm_up
  echo "round $round  cluster, 2 workers × 1 thread $(score two --cluster "$cluster")"
done

kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
sleep 3
warm_up
log=$work/worker-1.log
before=$(wc -l <"$log")
small=$(score small --cluster "$cluster" --chunk 8 --bs 8)
middle=$(wc -l <"$log")
large=$(score large --cluster "$cluster" --chunk 128 --bs 8)
echo "1 worker, chunks of 8:   $small"
echo "1 worker, chunks of 128: $large (batches of 8 both)"
# The worker times each chunk ("scored N photos in T s"): its median chunk of 8 and of 128 photos give the cost per photo
# and, by difference, the fixed cost of a chunk on the worker (the call, and decoding the first batch with no network
# run to overlap it). The client keeps the next chunk queued on the worker, so the round trip itself is hidden.
python3 - "$log" "$before" "$middle" "$(count "$small")" "$(seconds "$small")" "$(seconds "$large")" <<'EOF'
import re, statistics, sys
log, before, middle, n, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
lines = open(log).read().splitlines()
def chunk_times(part, size):
    return [float(m.group(2)) for m in (re.search(r"scored (\d+) photos in ([0-9.]+) s", line) for line in part) if m and int(m.group(1)) == size]
t8, t128 = statistics.median(chunk_times(lines[before:middle], 8)), statistics.median(chunk_times(lines[middle:], 128))
per_photo = (t128 - t8) / 120
print(f"worker's median chunk: 8 photos {t8 * 1000:.0f} ms, 128 photos {t128 * 1000:.0f} ms: {per_photo * 1000:.1f} ms per photo, "
      f"per-chunk overhead {(t8 - 8 * per_photo) * 1000:.0f} ms")
print(f"client's view: (T8 - T128) / ({n}/8 - {n}/128) chunks = {(small - large) / (n / 8 - n / 128) * 1000:.0f} ms per chunk")
EOF
