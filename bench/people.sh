#!/usr/bin/env bash
# People mode benchmark on the shared face sets (see bench/README.md, "People mode").
# Usage: bash bench/people.sh [--features auto|face|scene|both] [--no-face auto|whole|exclude] [--unknown auto|off|DISTANCE] [--padding SHARE] [--align chip|landmarks|detector] [--seed N] [SET[:class,class] ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
exec dotnet run -c Release bench/PeopleBench.cs -- "$@"
