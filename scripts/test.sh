#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs what is missing, starts the real services the
# tests use (PostgreSQL on 127.0.0.1), runs every module's unit and integration tests, stops the services.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop' EXIT

./mvnw -B -ntp verify "$@"
