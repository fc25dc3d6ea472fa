#!/usr/bin/env bash
# Update and compile the English catalogue of each app (German source texts). Needs gettext.
# Usage: scripts/messages.sh [app ...]   (default: every app under src/hearing with a locale folder or templates)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
hearing="$root/.venv/bin/hearing"
export HEARING_DATA_DIR="${HEARING_DATA_DIR:-$root/test-artifacts/data}"
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for dir in "$root"/src/hearing/*/; do
    [ -f "$dir/apps.py" ] && apps+=("$(basename "$dir")")
  done
fi
for app in "${apps[@]}"; do
  dir="$root/src/hearing/$app"
  mkdir -p "$dir/locale"
  (cd "$dir" && "$hearing" makemessages -l en --no-obsolete --no-location -i "migrations/*" >/dev/null)
  if [ -f "$dir/locale/en/LC_MESSAGES/django.po" ]; then
    (cd "$dir" && "$hearing" compilemessages -l en >/dev/null)
    echo "$app: $(grep -c '^msgid "' "$dir/locale/en/LC_MESSAGES/django.po") msgids"
  else
    rmdir "$dir/locale" 2>/dev/null || true
  fi
done
