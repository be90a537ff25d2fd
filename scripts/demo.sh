#!/usr/bin/env bash
# The main job on its built-in default: Fashion-MNIST, 30+20 images per class, scored on 10,000 test images.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
dotnet run -c Release --project src/Fewshot.Cli -- demo "$@"
