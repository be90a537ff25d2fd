#!/usr/bin/env bash
# Installs what Fewshot's demo and tests need beyond the .NET SDK, only where missing:
# Debian packages (Fashion-MNIST for the demo, Chromium for the web page's browser test, PyTorch and torchvision for the
# torchvision bodies' parity fixtures, which tests/torchvision/fixtures.py makes with /usr/bin/python3, Redis for the
# cluster tests, which start and stop their own redis-server, Node.js for the page script's type check), the face
# models (npm tarball) and TypeScript's compiler (npm, pinned in scripts/check-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# `setup.sh demo` installs only what the demo needs; `setup.sh` (the tests) everything.
profile=${1:-all}
packages=(dataset-fashion-mnist)
[ "$profile" = demo ] || packages+=(chromium python3-torch python3-torchvision redis-server nodejs)
[ "$profile" = demo ] || command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Face models for people mode (npm tarball, checked against its pinned sha512, cached under ~/.cache/fewshot).
[ "$profile" = demo ] || dotnet run -c Release --project src/Fewshot.Cli -- setup faces

# TypeScript's compiler for the web page script's type check (scripts/check-web.sh, run by scripts/test.sh).
[ "$profile" = demo ] || bash scripts/check-web.sh --install
