#!/usr/bin/env bash
# Audit trail benchmark (not a test). On the throw-away PostgreSQL of scripts/postgres.sh, in a database of
# its own (consilium_bench), through the packaged application's `audit load` / `audit verify` commands:
#   1. sustained writes/s with 8 concurrent writers, one event per call, against two peers: the same rows
#      inserted by 8 writers on 8 connections with no chain (one commit per call; the ceiling without a chain),
#      and 1 writer;
#   2. the same 8 writers recording 100 events per call (bulk import path);
#   Each write figure is timed after a warm-up of its own (WARM_UP records for 8 writers) in which the JIT
#   compiles the write path: a server writes audit records for months, not for its first seconds.
#   3. tops the trail up to VERIFY_RECORDS (default 1,000,000) records and verifies it, timed against a
#      plain read of the same rows.
# Usage: server/bench/audit-bench.sh   (CONSILIUM_TEST_PG_PORT picks the server's port)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jar=server/target/quarkus-app/quarkus-run.jar
[[ -f "$jar" ]] || ./mvnw -B -q -ntp -DskipTests package -pl server -am

eval "$(scripts/postgres.sh start)"
port="${CONSILIUM_TEST_PG_PORT:-55432}"
export PGPASSWORD="$CONSILIUM_TEST_PG_PASSWORD"
psql_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
sql() { "$psql_bin" -h 127.0.0.1 -p "$port" -U "$CONSILIUM_TEST_PG_USER" -tAc "$1" "${2:-postgres}"; }
sql "SELECT 1 FROM pg_database WHERE datname='consilium_bench'" | grep -q 1 || sql "CREATE DATABASE consilium_bench"

export QUARKUS_PROFILE=postgres
export CONSILIUM_DB_URL="jdbc:postgresql://127.0.0.1:$port/consilium_bench"
export CONSILIUM_DB_USER="$CONSILIUM_TEST_PG_USER" CONSILIUM_DB_PASSWORD="$CONSILIUM_TEST_PG_PASSWORD"
export CONSILIUM_DATA_DIR="${CONSILIUM_DATA_DIR:-${TMPDIR:-/tmp}/consilium-audit-bench}"
run() { java -Dquarkus.http.host-enabled=false -Dquarkus.log.console.level=WARN -jar "$jar" "$@"; }
rate() { sed -E 's/.*: ([0-9]+) writes\/s/\1/'; }

tag="$(date +%s)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
trap 'echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"' EXIT
records="${RECORDS:-60000}" warm="${WARM_UP:-20000}"
peer="$(run audit load --stream "bench-$tag-peer" --writers 8 --records "$records" --warm-up "$warm" --unchained-peer \
  | tail -n 1)"
echo "$peer"
one="$(run audit load --stream "bench-$tag-w1" --writers 1 --records "$((records / 10))" --warm-up "$((warm / 10))" \
  | tail -n 1)"
echo "$one"
eight="$(run audit load --stream "bench-$tag-w8" --writers 8 --records "$records" --warm-up "$warm" | tail -n 1)"
echo "$eight"
bulk="$(run audit load --stream "bench-$tag-bulk" --writers 8 --per-call 100 --records "$((records * 2))" \
  --warm-up "$((warm * 2))" | tail -n 1)"
echo "$bulk"
awk -v p="$(echo "$peer" | rate)" -v a="$(echo "$one" | rate)" -v b="$(echo "$eight" | rate)" \
  -v c="$(echo "$bulk" | rate)" 'BEGIN { printf "8 writers / unchained peer: %.2fx; 8 writers / 1 writer: %.1fx;"\
  " 8 writers x 100 per call / 1 writer: %.1fx\n", b / p, b / a, c / a }'

have="$(sql "SELECT count(*) FROM audit_record" consilium_bench)"
want="${VERIFY_RECORDS:-1000000}"
if (( have < want )); then
  echo "seeding $((want - have)) records for the verification run..."
  run audit load --stream "bench-seed-$tag" --writers 8 --per-call 500 --records "$((want - have))" | tail -n 1
fi
run audit verify --compare-read | grep -v "^stream "
