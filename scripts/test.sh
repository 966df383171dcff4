#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs what is missing, starts the real peers the tests use
# on 127.0.0.1 (PostgreSQL, Orthanc, Keycloak), runs every module's unit and integration tests, stops the peers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
stop_peers() {
  scripts/keycloak.sh stop || true
  scripts/orthanc.sh reset || true
  scripts/postgres.sh stop
}
trap stop_peers EXIT
eval "$(scripts/postgres.sh start)"
scripts/orthanc.sh reset
eval "$(scripts/orthanc.sh start)"
eval "$(scripts/keycloak.sh start)"

./mvnw -B -ntp verify "$@"
