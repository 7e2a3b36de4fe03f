#!/usr/bin/env bash
# Fails when the zh_Hans catalog has untranslated or fuzzy entries, when the source has
# strings the catalog lacks, or when the committed .mo is stale.
set -euo pipefail
RUN="$1"
po=locale/zh_Hans/LC_MESSAGES/django.po
mo=locale/zh_Hans/LC_MESSAGES/django.mo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$po" "$tmp/before.po"
$RUN gaoxin makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=var >/dev/null
status=0
if ! diff <(grep '^msgid' "$tmp/before.po" | sort) <(grep '^msgid' "$po" | sort) >"$tmp/diff"; then
  echo "The catalog is missing strings from the source (run 'make messages' and translate):"
  grep '^>' "$tmp/diff" | head -40
  status=1
fi
cp "$tmp/before.po" "$po"
stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
echo "$stats"
if echo "$stats" | grep -Eq 'untranslated|fuzzy'; then
  echo "The catalog has untranslated or fuzzy entries." >&2
  status=1
fi
msgfmt -o "$tmp/check.mo" "$po"
if ! cmp -s "$tmp/check.mo" "$mo"; then
  echo "locale/zh_Hans/LC_MESSAGES/django.mo is stale: run 'make messages'." >&2
  status=1
fi
exit $status
