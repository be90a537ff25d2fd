#!/usr/bin/env bash
# Builds and runs the whole test suite; ends with a line "N passed, N failed, N skipped".
# Tests that need ../shared (real photos, reference outputs) skip when it is absent; when it is present,
# a skipped test is a failure, so a missing install step cannot hide behind a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

log=$(mktemp)
dotnet test tests/Fewshot.Tests -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -1)
failed=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
if [ -z "$summary" ]; then
  echo "No test summary found (build failure?)"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

if [ -d ../shared/datasets ] && [ "${skipped:-0}" -gt 0 ]; then
  echo "../shared is present but $skipped test(s) skipped:"
  grep -E "^\s+Skipped " "$log" || true
  status=1
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
