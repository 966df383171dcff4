#!/usr/bin/env bash
# WADO-RS retrieval benchmark (not a test): one 100-slice CT series from Consilium's /dicomweb vs from Orthanc's
# DICOMweb plugin, same client, two rounds. Build first: ./mvnw -B -ntp -DskipTests package -pl server -am
# (and ./mvnw -B -ntp test-compile -pl pacs-gateway). Ports: CONSILIUM_TEST_ORTHANC_HTTP_PORT / _DICOM_PORT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
[[ -f "$jar" ]] || { echo "build first: ./mvnw -B -ntp -DskipTests package -pl server -am" >&2; exit 1; }
work="$root/pacs-gateway/target/dicomweb-bench"
rm -rf "$work"; mkdir -p "$work/classes" "$work/data"
eval "$(scripts/orthanc.sh start)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Dconsilium.data-dir="$work/data" -Dquarkus.http.port="$port" -jar "$jar" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
./mvnw -B -q -ntp dependency:build-classpath -pl pacs-gateway -Dmdep.outputFile="$work/deps.txt" >/dev/null
cp="$root/pacs-gateway/target/classes:$root/pacs-gateway/target/test-classes:$(cat "$work/deps.txt")"
javac -d "$work/classes" -cp "$cp" "$root/pacs-gateway/bench/DicomWebBenchmark.java"
java -Xmx2g -cp "$cp:$work/classes" io.consilium.dicom.bench.DicomWebBenchmark \
  "http://127.0.0.1:$port/dicomweb" "$CONSILIUM_TEST_ORTHANC_DICOMWEB_URL" "${SLICES:-100}"
