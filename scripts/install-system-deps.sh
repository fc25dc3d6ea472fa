#!/usr/bin/env bash
# Installs the Debian packages the tests and tools need. Safe to run again: skips what is there.
set -euo pipefail
# chromium: browser tests; gettext: translations; pango/harfbuzz: WeasyPrint PDFs; fonts for both
packages=(chromium fonts-dejavu-core fonts-liberation gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
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
