#!/usr/bin/env bash
# Server start time with the embedded default: wall time from launching the packaged application until
# /q/health/ready answers UP, over N runs (fresh data directory each run, so migrations run too).
#   bench/startup.sh [runs]     (build first: ./mvnw -DskipTests package -pl server -am)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
runs="${1:-5}"
[[ -f "$jar" ]] || { echo "build first: ./mvnw -DskipTests package -pl server -am" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=()
for ((i = 1; i <= runs; i++)); do
  data="$(mktemp -d)"
  start=$(date +%s%N)
  java -Dconsilium.data-dir="$data" -Dquarkus.http.port="$port" -jar "$jar" serve >"$data/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$data/log" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" || true
  times+=($(((end - start) / 1000000)))
  rm -rf "$data"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "ready after (ms): min %d  median %d  max %d  (%d runs)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
