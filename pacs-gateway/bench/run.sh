#!/usr/bin/env bash
# Parse benchmark (not a test): consilium vs DCMTK dcmdump vs pydicom on generated CT series, then the
# 500 MB multi-frame memory check with a heap capped at 1.2x the file size. Figures go to BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scripts/setup.sh
./mvnw -B -q -ntp -o test-compile -pl pacs-gateway
work="${BENCH_DIR:-$root/pacs-gateway/target/bench}"
mkdir -p "$work/classes"
cp="$root/pacs-gateway/target/classes:$root/pacs-gateway/target/test-classes"
javac -d "$work/classes" -cp "$cp" "$root/pacs-gateway/bench/ParseBenchmark.java"
cp="$cp:$work/classes"
echo "machine: $(nproc) cores, shared with other sessions; $(uptime)"
java -Xmx1g -cp "$cp" io.consilium.dicom.bench.ParseBenchmark "$work/corpus"
# 1000 frames of 512x512x16 bit = 524 MB; 1.2x that is 629 MB of heap at most.
java -Xmx629m -cp "$cp" io.consilium.dicom.bench.ParseBenchmark parse-large "$work/large-multiframe.dcm"
java -Xmx64m -cp "$cp" io.consilium.dicom.bench.ParseBenchmark parse-large "$work/large-multiframe.dcm"
