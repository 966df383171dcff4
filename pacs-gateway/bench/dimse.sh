#!/usr/bin/env bash
# DIMSE benchmark (not a test; issue 4 point 7). Same sender (DCMTK storescu, pinned to CPU 1), same generated
# CT study, three receivers pinned to CPU 0 (taskset -c 0): our SCP (pacs-gateway DicomServer + folder store),
# DCMTK storescp, Orthanc. Then C-MOVE of a 300-slice study from Orthanc (movescu) into our SCP vs storescp.
# Every measurement is done RUNS times (default 2) in this one invocation. Ports: BENCH_PORT_BASE (default 56100)
# and the Orthanc of scripts/orthanc.sh (CONSILIUM_TEST_ORTHANC_HTTP_PORT / _DICOM_PORT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${RUNS:-2}"
slices="${SLICES:-200}"
base="${BENCH_PORT_BASE:-56100}"
work="${BENCH_DIR:-$root/pacs-gateway/target/bench-dimse}"
ours_port=$base; storescp_port=$((base + 1))
rm -rf "$work"; mkdir -p "$work/classes"

[[ -f pacs-gateway/target/test-classes/io/consilium/dicom/SyntheticSeries.class ]] \
  || ./mvnw -B -q -ntp test-compile -pl pacs-gateway
# Private copies: a build running beside the benchmark may rewrite target/ meanwhile.
cp -r pacs-gateway/target/classes "$work/main" && cp -r pacs-gateway/target/test-classes "$work/test"
cp="$work/main:$work/test"
javac -d "$work/classes" -cp "$cp" "$root/pacs-gateway/bench/DimseBenchmark.java"
cp="$cp:$work/classes"
bench() { java -cp "$cp" io.consilium.dicom.bench.DimseBenchmark "$@"; }

eval "$(scripts/orthanc.sh start)"
orthanc_dir="${CONSILIUM_TEST_ORTHANC_DIR:-${TMPDIR:-/tmp}/consilium-test-orthanc-${CONSILIUM_TEST_ORTHANC_HTTP_PORT:-58042}}"
taskset -a -p -c 0 "$(cat "$orthanc_dir/orthanc.pid")" >/dev/null

bench generate "$work/study" "$slices" 512 >/dev/null
bytes=$(du -sb "$work/study" | cut -f1)
move_study=$(bench generate "$work/move-study" 300 512)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; scripts/orthanc.sh stop; }
trap cleanup EXIT
start_receivers() {
  rm -rf "$work/in-ours" "$work/in-storescp"; mkdir -p "$work/in-ours" "$work/in-storescp"
  taskset -c 0 java -XX:+UseSerialGC -cp "$cp" io.consilium.dicom.bench.DimseBenchmark scp BENCHOURS "$ours_port" \
      "$work/in-ours" >"$work/ours.log" 2>&1 & pids+=($!)
  taskset -c 0 storescp -aet BENCHSTORESCP -od "$work/in-storescp" "$storescp_port" >"$work/storescp.log" 2>&1 & pids+=($!)
  for port in "$ours_port" "$storescp_port"; do
    for _ in $(seq 1 100); do echoscu -aec "$([[ $port == "$ours_port" ]] && echo BENCHOURS || echo BENCHSTORESCP)" \
        127.0.0.1 "$port" >/dev/null 2>&1 && break; sleep 0.1; done
  done
}
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }

start_receivers
curl -sf -X PUT "$CONSILIUM_TEST_ORTHANC_URL/modalities/BENCHOURS" \
  -d "{\"AET\":\"BENCHOURS\",\"Host\":\"127.0.0.1\",\"Port\":$ours_port}" >/dev/null
curl -sf -X PUT "$CONSILIUM_TEST_ORTHANC_URL/modalities/BENCHSTORESCP" \
  -d "{\"AET\":\"BENCHSTORESCP\",\"Host\":\"127.0.0.1\",\"Port\":$storescp_port}" >/dev/null
for f in "$work/move-study"/*.dcm; do curl -sf -X POST "$CONSILIUM_TEST_ORTHANC_URL/instances" --data-binary @"$f" >/dev/null; done

echo "C-STORE receive: $slices CT slices of 512x512x16 bit ($((bytes / 1000000)) MB), sender storescu on CPU 1, receivers on CPU 0"
printf "%-5s %-10s %10s %10s %10s %12s\n" run receiver seconds inst/s MB/s vs-storescp
for run in $(seq 1 "$runs"); do
  declare -A t=()
  t[ours]=$(seconds taskset -c 1 storescu -aec BENCHOURS 127.0.0.1 "$ours_port" "$work/study"/*.dcm)
  t[storescp]=$(seconds taskset -c 1 storescu -aec BENCHSTORESCP 127.0.0.1 "$storescp_port" "$work/study"/*.dcm)
  t[orthanc]=$(seconds taskset -c 1 storescu -aec ORTHANC 127.0.0.1 "$CONSILIUM_TEST_ORTHANC_DICOM_PORT" "$work/study"/*.dcm)
  [[ $(ls "$work/in-ours" | wc -l) -ge $slices ]] || { echo "our SCP did not keep every instance" >&2; exit 1; }
  for r in ours storescp orthanc; do
    printf "%-5s %-10s %10.2f %10.1f %10.1f %11.2fx\n" "$run" "$r" "${t[$r]}" "$(echo "$slices / ${t[$r]}" | bc -l)" \
      "$(echo "$bytes / 1000000 / ${t[$r]}" | bc -l)" "$(echo "${t[storescp]} / ${t[$r]}" | bc -l)"
  done
done

echo
echo "C-MOVE end to end: 300-slice study from Orthanc (movescu, study level) into each receiver"
printf "%-5s %-10s %10s %12s\n" run receiver seconds vs-storescp
for run in $(seq 1 "$runs"); do
  declare -A m=()
  rm -rf "$work/in-ours"/* "$work/in-storescp"/*
  for dest in BENCHOURS BENCHSTORESCP; do
    m[$dest]=$(seconds movescu -aet MOVER -aec ORTHANC -aem "$dest" -S -k QueryRetrieveLevel=STUDY \
        -k StudyInstanceUID="$move_study" 127.0.0.1 "$CONSILIUM_TEST_ORTHANC_DICOM_PORT")
  done
  [[ $(ls "$work/in-ours" | wc -l) -ge 300 ]] || { echo "our SCP did not receive all 300 moved instances" >&2; exit 1; }
  [[ $(ls "$work/in-storescp" | wc -l) -ge 300 ]] || { echo "storescp did not receive all 300 moved instances" >&2; exit 1; }
  printf "%-5s %-10s %10.2f %11.2fx\n" "$run" ours "${m[BENCHOURS]}" "$(echo "${m[BENCHSTORESCP]} / ${m[BENCHOURS]}" | bc -l)"
  printf "%-5s %-10s %10.2f %11.2fx\n" "$run" storescp "${m[BENCHSTORESCP]}" 1
done
