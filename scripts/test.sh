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
# Every run starts from empty databases: no state of an earlier run (or an older schema) leaks into this one.
eval "$(scripts/postgres.sh reset)"
rm -rf server/target/test-data
scripts/orthanc.sh reset
eval "$(scripts/orthanc.sh start)"
eval "$(scripts/keycloak.sh start)"

./mvnw -B -ntp verify "$@"
