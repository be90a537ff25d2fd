#!/usr/bin/env bash
# Type-checks the web page's script with TypeScript's compiler: its JSDoc types, among them the JSON contract with the
# server (src/Fewshot.Web/wwwroot/js/contract.js, one type per C# record the API answers with). Run by scripts/test.sh.
# `check-web.sh --install` installs the pinned compiler (npm) where it is missing, as scripts/setup.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."

TYPESCRIPT_VERSION=5.9.3
dir="${XDG_CACHE_HOME:-$HOME/.cache}/fewshot/typescript-$TYPESCRIPT_VERSION"
tsc="$dir/node_modules/.bin/tsc"

if [ ! -x "$tsc" ]; then
  echo "Installing typescript@$TYPESCRIPT_VERSION (npm) into $dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent "typescript@$TYPESCRIPT_VERSION"
fi
[ "${1:-}" = --install ] && exit 0

cd src/Fewshot.Web/wwwroot
"$tsc" --allowJs --checkJs --noEmit --target es2022 --module es2022 --lib es2022,dom,dom.iterable app.js
echo "web page script: types check"
