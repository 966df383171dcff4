#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages. Idempotent: installs only what is missing,
# and runs apt-get update only when something is. Needs root (or sudo) only on the first run.
set -euo pipefail

packages=(postgresql dcmtk python3-pydicom python3-numpy dicom3tools orthanc orthanc-dicomweb chromium chromium-driver unzip curl wrk)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  # Our tests run their own PostgreSQL on loopback; the distribution's default cluster is not wanted.
  $sudo mkdir -p /etc/postgresql-common
  if [[ ! -f /etc/postgresql-common/createcluster.conf ]] || ! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo "create_main_cluster = false" | $sudo tee -a /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $sudo apt-get update -qq
  # Tests start their own Orthanc and PostgreSQL: keep the packages' services from starting.
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d.consilium >/dev/null
  policy_installed=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    $sudo install -m 755 /usr/sbin/policy-rc.d.consilium /usr/sbin/policy-rc.d
    policy_installed=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [[ -n "$policy_installed" ]] && $sudo rm -f /usr/sbin/policy-rc.d
  $sudo rm -f /usr/sbin/policy-rc.d.consilium
fi

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is required but not installed" >&2; exit 1; }
done
