#!/usr/bin/env bash
# Builds and runs the whole test suite; ends with a line "N passed, N failed, N skipped".
# Tests that need ../shared (real photos, reference outputs) skip when it is absent; when it is present,
# a skipped test is a failure, so a missing install step cannot hide behind a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

# The page's script against the server's JSON contract (TypeScript's checker); counted as one test.
web_failed=0
bash scripts/check-web.sh || web_failed=1

log=$(mktemp)
dotnet test tests/Fewshot.Tests -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The console logger ends with either "Passed!  - Failed: F, Passed: P, Skipped: S, ..." (minimal)
# or a block of "Total tests: N / Passed: P / Failed: F / Skipped: S" lines (normal verbosity).
count() { grep -E "^\s*$1: +[0-9]+\s*$" "$log" | tail -1 | grep -oE "[0-9]+" || true; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
if [ -z "$passed" ]; then
  summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -1)
  failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
  passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
  skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
fi
failed=$(( ${failed:-0} + web_failed )); skipped=${skipped:-0}
[ "$web_failed" -eq 0 ] || { echo "The web page's script does not type-check (scripts/check-web.sh)."; status=1; }
if [ -z "$passed" ]; then
  echo "No test summary found (build failure?)"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

if [ -d ../shared/datasets ] && [ "${skipped:-0}" -gt 0 ]; then
  echo "../shared is present but $skipped test(s) skipped:"
  grep -E "^\s+Skipped " "$log" || true
  status=1
fi
# CI shows only the end of this output: repeat each failed test with its message there.
if [ "${failed:-0}" -gt 0 ]; then
  echo "Failed tests:"
  awk '/^ +Failed [A-Za-z_]/ {show=1; n=0} /^ +Passed [A-Za-z_]|^ +Skipped [A-Za-z_]/ {show=0} show && !/ at System\.(Reflection|RuntimeMethodHandle)/ && n++ < 30' "$log"
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
