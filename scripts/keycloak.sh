#!/usr/bin/env bash
# A real Keycloak (the keycloak-quarkus-dist zip from Maven Central) on 127.0.0.1 with the repository's
# local development realm (keycloak/consilium-realm.json: dev users whose password is their user name).
#   scripts/keycloak.sh start   -> prints the export lines for CONSILIUM_TEST_KEYCLOAK_URL and
#                                  CONSILIUM_OIDC_AUTH_SERVER_URL on stdout (progress goes to stderr)
#   scripts/keycloak.sh stop
# Port: CONSILIUM_TEST_KEYCLOAK_PORT (default 58180); its management interface (health) listens on
# CONSILIUM_TEST_KEYCLOAK_MANAGEMENT_PORT (default: port + 100).
# The distribution is fetched once with the Maven wrapper and built once (about a minute) into
# CONSILIUM_KEYCLOAK_CACHE (default ~/.cache/consilium/keycloak); each port runs its own copy. Every start
# begins from a fresh database holding exactly the committed realm: the realm is imported once per realm
# file content (Keycloak's schema creation and import take minutes on a busy 2-core machine) and that
# database is copied for each later start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# 26.7 is built for Java 17 (maven.compiler.release 17), which is what the project runs on.
version=26.7.3
port="${CONSILIUM_TEST_KEYCLOAK_PORT:-58180}"
management_port="${CONSILIUM_TEST_KEYCLOAK_MANAGEMENT_PORT:-$((port + 100))}"
cache="${CONSILIUM_KEYCLOAK_CACHE:-$HOME/.cache/consilium/keycloak}"
dir="${CONSILIUM_KEYCLOAK_DIR:-${TMPDIR:-/tmp}/consilium-test-keycloak-$port}"
realm="$root/keycloak/consilium-realm.json"
built="$cache/keycloak-$version-built"

# Tests and local development only: C1 compiles enough for them and starts sooner on a busy machine.
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}"

running() { [[ -f "$dir/keycloak.pid" ]] && kill -0 "$(cat "$dir/keycloak.pid")" 2>/dev/null; }

# Build-time options (fixed in the built copy): file database, health endpoints.
# The main job (./consilium serve) runs this without scripts/setup.sh: fetch the two tools it needs, once.
require_tools() {
  local missing=()
  for tool in unzip curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]})) || return 0
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "keycloak.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install() {
  require_tools
  [[ -d "$built" ]] && return
  mkdir -p "$cache"
  local zip="$cache/keycloak-quarkus-dist-$version.zip"
  if [[ ! -f "$zip" ]]; then
    echo "keycloak.sh: fetching org.keycloak:keycloak-quarkus-dist:$version from Maven Central..." >&2
    "$root/mvnw" -B -ntp -q -N -f "$root/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$version:zip" "-DoutputDirectory=$cache" >&2
  fi
  local work
  work="$(mktemp -d "$cache/build.XXXXXX")"
  unzip -q "$zip" -d "$work"
  echo "keycloak.sh: building Keycloak $version once (about a minute)..." >&2
  "$work/keycloak-$version/bin/kc.sh" build --db=dev-file --health-enabled=true >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
  # Another run may have finished first: keep whichever copy landed.
  mv -T "$work/keycloak-$version" "$built" 2>/dev/null || true
  rm -rf "$work"
}

start() {
  [[ -f "$realm" ]] || { echo "keycloak.sh: realm $realm missing" >&2; exit 1; }
  if ! running; then
    install
    if [[ "$(cat "$dir/home/version.txt" 2>/dev/null)" != "$(cat "$built/version.txt")" ]]; then
      rm -rf "$dir/home"
      mkdir -p "$dir"
      cp -a "$built" "$dir/home"
    fi
    # A fresh database every start: the realm in the repository is the whole truth.
    local template="$cache/db-$version-$(sha256sum "$realm" | cut -c1-16)"
    if [[ ! -d "$template" ]]; then
      echo "keycloak.sh: importing the realm into a fresh Keycloak database (once per realm change)..." >&2
      rm -rf "$dir/home/data"
      "$dir/home/bin/kc.sh" import --optimized --file="$realm" \
        --http-management-host=127.0.0.1 --http-management-port="$management_port" >"$dir/import.log" 2>&1 \
        || { tail -50 "$dir/import.log" >&2; exit 1; }
      local work
      work="$(mktemp -d "$cache/db.XXXXXX")"
      cp -a "$dir/home/data/h2" "$work/h2"
      mv -T "$work" "$template" 2>/dev/null || rm -rf "$work"
    fi
    rm -rf "$dir/home/data"
    mkdir -p "$dir/home/data"
    cp -a "$template/h2" "$dir/home/data/h2"
    (cd "$dir" && exec "$dir/home/bin/kc.sh" start --optimized \
        --http-enabled=true --http-host=127.0.0.1 --http-port="$port" \
        --http-management-host=127.0.0.1 --http-management-port="$management_port" \
        --hostname-strict=false --cache=local >"$dir/keycloak.log" 2>&1 </dev/null) &
    echo $! >"$dir/keycloak.pid"
    local ready="http://127.0.0.1:$management_port/health/ready"
    for _ in $(seq 1 600); do
      curl -sf "$ready" >/dev/null 2>&1 && break
      running || { tail -50 "$dir/keycloak.log" >&2; exit 1; }
      sleep 0.5
    done
    curl -sf "$ready" >/dev/null || { tail -50 "$dir/keycloak.log" >&2; exit 1; }
  fi
  echo "export CONSILIUM_TEST_KEYCLOAK_URL=http://127.0.0.1:$port"
  echo "export CONSILIUM_OIDC_AUTH_SERVER_URL=http://127.0.0.1:$port/realms/consilium"
}

stop() {
  if running; then
    pid="$(cat "$dir/keycloak.pid")"
    # kc.sh execs java, so the recorded process is Keycloak itself.
    kill "$pid"
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/keycloak.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
