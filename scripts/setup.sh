#!/usr/bin/env bash
# Installs what reportgen needs to build, test and check its documents on Debian 12.
# Idempotent: packages already installed are skipped. Run as root (or with sudo).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=(libxml2-dev libzip-dev pkg-config unzip python3-venv)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The document checker (LibreOffice, fonts, pandoc, python-docx) lives in ../shared.
checker="$here/../shared/tools/setup-docx-check.sh"
if [ -x "$checker" ] || [ -f "$checker" ]; then
  bash "$checker"
else
  echo "setup: ../shared/tools/setup-docx-check.sh not found; document checks will be skipped"
fi
