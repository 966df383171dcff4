#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on 127.0.0.1 only.
#   scripts/postgres.sh start   -> prints the export lines for CONSILIUM_TEST_PG_* on stdout
#   scripts/postgres.sh reset   -> like start, with the tests' database dropped and created empty first
#   scripts/postgres.sh stop
set -euo pipefail

port="${CONSILIUM_TEST_PG_PORT:-55432}"
dir="${CONSILIUM_TEST_PG_DIR:-${TMPDIR:-/tmp}/consilium-test-pg-$port}"
user=consilium
password=consilium-test
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[[ -x "$bin/pg_ctl" ]] || { echo "postgres.sh: PostgreSQL server binaries not found; run scripts/setup.sh" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the 'postgres' system user then.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start|reset)
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
      printf '%s\n' "$password" > "$dir/pwfile"
      [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"
      as_owner "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    if [[ "$1" == reset ]]; then
      as_owner "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -q \
        -c "DROP DATABASE IF EXISTS consilium WITH (FORCE)" >/dev/null
    fi
    if ! as_owner "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='consilium'" | grep -q 1; then
      as_owner "$bin/createdb" -h "$dir" -p "$port" -U "$user" consilium
    fi
    echo "export CONSILIUM_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/consilium"
    echo "export CONSILIUM_TEST_PG_USER=$user"
    echo "export CONSILIUM_TEST_PG_PASSWORD=$password"
    ;;
  stop)
    if [[ -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|reset|stop" >&2
    exit 2
    ;;
esac
