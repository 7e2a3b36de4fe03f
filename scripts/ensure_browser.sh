#!/usr/bin/env bash
# The browser tests need Debian's Chromium and a CJK font (without one every Chinese character
# in a screenshot is an empty box); the certificate's PDF needs Pango. As root, install them;
# otherwise say how.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-noto-cjk); fi
# WeasyPrint (the tender certificate's PDF) draws text with Pango.
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then need+=(libpango-1.0-0 libpangoft2-1.0-0); fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${need[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The browser tests need: ${need[*]}." >&2
  echo "Install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
