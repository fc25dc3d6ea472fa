#!/usr/bin/env bash
# Installs the Debian packages the tests and tools need. Safe to run again: skips what is there.
set -euo pipefail
# chromium: browser tests; gettext: translations; pango/harfbuzz: WeasyPrint PDFs; fonts for both
# nginx + rtmp/nchan: stream ingest and the fan-out reference; http-lua: the stack's page cache; wrk: bench/spike.py; ffmpeg, espeak-ng, sox: media and speech tests;
# poppler-utils: pdftotext in the protocol tests
packages=(chromium fonts-dejavu-core fonts-liberation gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  nginx libnginx-mod-rtmp libnginx-mod-nchan libnginx-mod-http-lua wrk ffmpeg espeak-ng sox poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
