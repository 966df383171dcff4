#!/usr/bin/env bash
# A throw-away Orthanc PACS (with its DICOMweb plugin) for the interoperability tests, on 127.0.0.1 only.
# Started by hand with its own configuration, never through systemd.
#   scripts/orthanc.sh start    -> prints the export lines for CONSILIUM_TEST_ORTHANC_* on stdout
#   scripts/orthanc.sh stop     (keeps the stored studies: a later start serves them again)
#   scripts/orthanc.sh restart
#   scripts/orthanc.sh crash    (killed at once, as on a power loss: transfers in progress break off)
#   scripts/orthanc.sh reset    (stops and deletes the storage)
# Ports: CONSILIUM_TEST_ORTHANC_HTTP_PORT (default 58042), CONSILIUM_TEST_ORTHANC_DICOM_PORT (default 54242).
# Orthanc's AE title is ORTHANC; tests register their own peers at run time with PUT /modalities/{name}.
set -euo pipefail

http_port="${CONSILIUM_TEST_ORTHANC_HTTP_PORT:-58042}"
dicom_port="${CONSILIUM_TEST_ORTHANC_DICOM_PORT:-54242}"
dir="${CONSILIUM_TEST_ORTHANC_DIR:-${TMPDIR:-/tmp}/consilium-test-orthanc-$http_port}"
plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
command -v Orthanc >/dev/null || { echo "orthanc.sh: Orthanc not found; run scripts/setup.sh" >&2; exit 1; }
[[ -f "$plugin" ]] || { echo "orthanc.sh: $plugin not found; run scripts/setup.sh" >&2; exit 1; }

running() { [[ -f "$dir/orthanc.pid" ]] && kill -0 "$(cat "$dir/orthanc.pid")" 2>/dev/null; }

start() {
  mkdir -p "$dir/storage"
  cat >"$dir/orthanc.json" <<EOF
{
  "Name": "consilium-test-orthanc",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/storage",
  "Plugins": ["$plugin"],
  "HttpPort": $http_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomPort": $dicom_port,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true,
  "DicomAlwaysAllowMove": true,
  "DicomModalities": {},
  "StableAge": 2,
  "HttpTimeout": 60,
  "KeepAlive": false,
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": true, "WadoRoot": "/wado", "StudiesMetadata": "Full", "SeriesMetadata": "Full" }
}
EOF
  if ! running; then
    # KeepAlive false: Orthanc closes an idle kept-alive connection after a short time of its own, and a test client
    # that reuses it at that moment gets a broken pipe (a POST is not retried); a new connection per request cannot.
    # Orthanc 1.10 has no bind-address setting: RemoteAccessAllowed=false makes it refuse any HTTP client
    # but loopback ones.
    (cd "$dir" && exec Orthanc "$dir/orthanc.json" >"$dir/orthanc.log" 2>&1 </dev/null) &
    echo $! >"$dir/orthanc.pid"
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$http_port/system" >/dev/null 2>&1 && break
      running || { cat "$dir/orthanc.log" >&2; exit 1; }
      sleep 0.5
    done
    curl -sf "http://127.0.0.1:$http_port/system" >/dev/null || { cat "$dir/orthanc.log" >&2; exit 1; }
  fi
  echo "export CONSILIUM_TEST_ORTHANC_URL=http://127.0.0.1:$http_port"
  echo "export CONSILIUM_TEST_ORTHANC_DICOMWEB_URL=http://127.0.0.1:$http_port/dicom-web"
  echo "export CONSILIUM_TEST_ORTHANC_DICOM_PORT=$dicom_port"
  echo "export CONSILIUM_TEST_ORTHANC_AET=ORTHANC"
}

await_exit() {
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done
}

# Like a power loss: SIGKILL, nothing finished or flushed.
crash() {
  if running; then
    pid="$(cat "$dir/orthanc.pid")"
    kill -9 "$pid"
    await_exit "$pid"
  fi
  rm -f "$dir/orthanc.pid"
}

# Graceful (SIGTERM), then as a crash if Orthanc is still there after 15 s.
stop() {
  if running; then
    pid="$(cat "$dir/orthanc.pid")"
    kill "$pid"
    await_exit "$pid"
  fi
  crash
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  crash) crash ;;
  restart) stop; start ;;
  reset) stop; rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop|crash|restart|reset" >&2; exit 2 ;;
esac
