#!/usr/bin/env bash
# Vendor the front-end libraries from the npm registry into static/vendor/.
#
# The project ships these files in git: there is no Node at run time and no
# front-end build. Node/npm are needed only by whoever runs this script to
# upgrade a library (see docs/frontend.md).
#
# What it does, for each package below:
#   1. `npm pack PKG@VERSION` into a temporary directory and check the tarball
#      against the pinned sha512 integrity (the registry's dist.integrity);
#   2. extract it and copy only the files the site needs into
#      static/vendor/<dir>/ (the directory is emptied first, so files dropped
#      from the list do not linger), plus the package's LICENSE (and NOTICE /
#      bundled third-party licences where the package has them);
#   3. write static/vendor/VERSIONS.txt: package, version, sha256 of each file.
#
# Source maps: the .map files are not vendored. A published file whose LAST
# line is a source-map comment (`//# sourceMappingURL=...` or
# `/*# sourceMappingURL=... */`) gets that one line removed in the copy, so
# browser dev tools do not request a .map file that would 404. Nothing else in
# the files is changed.
#
# Idempotent: re-running with the same pins gives byte-identical files.
#
# Upgrade: edit the *_VERSION and *_INTEGRITY pins below (integrity from
# `npm view PKG@VERSION dist.integrity`), run this script, review, commit.

set -euo pipefail

# --- pins -------------------------------------------------------------------
BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_INTEGRITY="sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=="

BOOTSTRAP_ICONS_VERSION="1.13.2"
BOOTSTRAP_ICONS_INTEGRITY="sha512-fAU1Ly3dH7hwRg+CB8EZ0Vl0fF80zgXHeUVJyfUOKzoURr+TbwISbCW5tKUoQLERaWYG2emTCybcPbD96hdD1A=="

HTMX_VERSION="2.0.11"
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="

ECHARTS_VERSION="6.1.0"
ECHARTS_INTEGRITY="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="

SWAGGER_UI_VERSION="5.36.0"
SWAGGER_UI_INTEGRITY="sha512-Lt6/Kb0gXmLdiabLhvso4VdJP9V7qJWB0zh0gzeXUV3+CMOTzMmvpJRSXN7EAjfwixwmoi9ezDbLHiexC7lA9A=="
# ----------------------------------------------------------------------------

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_DIR="$REPO_ROOT/static/vendor"

for tool in npm tar sha256sum openssl base64; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required" >&2; exit 1; }
done

TMP_DIR="$(mktemp -d)"
trap 'rm -rf "$TMP_DIR"' EXIT

# Sorted, locale-independent output everywhere.
export LC_ALL=C

# Lines for VERSIONS.txt, collected per package.
VERSIONS_BODY=""

# fetch PKG VERSION INTEGRITY -> prints the extracted package directory
fetch() {
    local pkg="$1" version="$2" integrity="$3"
    local work="$TMP_DIR/$pkg"
    mkdir -p "$work"
    local tgz
    tgz="$(cd "$work" && npm pack "$pkg@$version" --silent --pack-destination "$work" | tail -n 1)"
    tgz="$work/$tgz"
    [[ -f "$tgz" ]] || { echo "error: npm pack produced no tarball for $pkg@$version" >&2; exit 1; }
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "error: integrity mismatch for $pkg@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    mkdir -p "$work/x"
    tar -xzf "$tgz" -C "$work/x"
    echo "$work/x/package"
}

# copy SRC DEST: copy one file, mode 0644, dropping a trailing source-map line.
copy() {
    local src="$1" dest="$2"
    [[ -f "$src" ]] || { echo "error: missing file in package: $src" >&2; exit 1; }
    mkdir -p "$(dirname "$dest")"
    # Remove the last line only if it is a sourceMappingURL comment; any other
    # file is copied byte for byte.
    local last=""
    [[ "$src" == *.js || "$src" == *.css ]] && last="$(tail -n 1 "$src")"
    if [[ "$last" =~ ^[[:space:]]*(//[#@]\ sourceMappingURL=.*|/\*[#@]\ sourceMappingURL=.*\*/[[:space:]]*)$ ]]; then
        head -n -1 "$src" >"$dest"
    else
        cp "$src" "$dest"
    fi
    chmod 0644 "$dest"
}

# reset DIR: empty static/vendor/DIR before copying into it.
reset() {
    rm -rf "${VENDOR_DIR:?}/$1"
    mkdir -p "$VENDOR_DIR/$1"
}

# record PKG VERSION DIR: add sha256 lines for every file in static/vendor/DIR.
record() {
    local pkg="$1" version="$2" dir="$3"
    VERSIONS_BODY+=$'\n'"# $pkg@$version"$'\n'
    local line
    while IFS= read -r line; do
        VERSIONS_BODY+="$pkg $version $line"$'\n'
    done < <(cd "$VENDOR_DIR" && find "$dir" -type f -print | sort | xargs sha256sum | awk '{print $2, $1}')
}

# Fetch and verify everything first, so a failure leaves static/vendor alone.
BOOTSTRAP_SRC="$(fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY")"
BOOTSTRAP_ICONS_SRC="$(fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION" "$BOOTSTRAP_ICONS_INTEGRITY")"
HTMX_SRC="$(fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY")"
ECHARTS_SRC="$(fetch echarts "$ECHARTS_VERSION" "$ECHARTS_INTEGRITY")"
SWAGGER_UI_SRC="$(fetch swagger-ui-dist "$SWAGGER_UI_VERSION" "$SWAGGER_UI_INTEGRITY")"

# --- bootstrap --------------------------------------------------------------
src="$BOOTSTRAP_SRC"
reset bootstrap
copy "$src/dist/css/bootstrap.min.css"      "$VENDOR_DIR/bootstrap/bootstrap.min.css"
copy "$src/dist/js/bootstrap.bundle.min.js" "$VENDOR_DIR/bootstrap/bootstrap.bundle.min.js"
copy "$src/LICENSE"                         "$VENDOR_DIR/bootstrap/LICENSE"
record bootstrap "$BOOTSTRAP_VERSION" bootstrap

# --- bootstrap-icons --------------------------------------------------------
# The CSS refers to url("fonts/bootstrap-icons.woff2?...") relative to itself,
# so the fonts go in a fonts/ directory beside it.
src="$BOOTSTRAP_ICONS_SRC"
reset bootstrap-icons
copy "$src/font/bootstrap-icons.min.css" "$VENDOR_DIR/bootstrap-icons/bootstrap-icons.min.css"
shopt -s nullglob
fonts=("$src"/font/fonts/*.woff2 "$src"/font/fonts/*.woff)
shopt -u nullglob
[[ ${#fonts[@]} -gt 0 ]] || { echo "error: no fonts found in bootstrap-icons" >&2; exit 1; }
for f in "${fonts[@]}"; do
    copy "$f" "$VENDOR_DIR/bootstrap-icons/fonts/$(basename "$f")"
done
copy "$src/LICENSE" "$VENDOR_DIR/bootstrap-icons/LICENSE"
record bootstrap-icons "$BOOTSTRAP_ICONS_VERSION" bootstrap-icons

# --- htmx.org ---------------------------------------------------------------
src="$HTMX_SRC"
reset htmx
copy "$src/dist/htmx.min.js" "$VENDOR_DIR/htmx/htmx.min.js"
copy "$src/LICENSE"          "$VENDOR_DIR/htmx/LICENSE"
record htmx.org "$HTMX_VERSION" htmx

# --- echarts ----------------------------------------------------------------
# Apache-2.0: ship NOTICE too, and the licence of the d3 code it bundles.
src="$ECHARTS_SRC"
reset echarts
copy "$src/dist/echarts.min.js" "$VENDOR_DIR/echarts/echarts.min.js"
copy "$src/LICENSE"             "$VENDOR_DIR/echarts/LICENSE"
[[ -f "$src/NOTICE" ]] && copy "$src/NOTICE" "$VENDOR_DIR/echarts/NOTICE"
[[ -f "$src/licenses/LICENSE-d3" ]] && copy "$src/licenses/LICENSE-d3" "$VENDOR_DIR/echarts/LICENSE-d3"
record echarts "$ECHARTS_VERSION" echarts

# --- swagger-ui-dist ------------------------------------------------------------
# The interactive API docs at /api/docs (templates/api/docs.html, static/js/api-docs.js): the
# standalone bundle (no preset needed) and its stylesheet.
src="$SWAGGER_UI_SRC"
reset swagger-ui
copy "$src/swagger-ui-bundle.js" "$VENDOR_DIR/swagger-ui/swagger-ui-bundle.js"
copy "$src/swagger-ui.css"       "$VENDOR_DIR/swagger-ui/swagger-ui.css"
copy "$src/LICENSE"              "$VENDOR_DIR/swagger-ui/LICENSE"
[[ -f "$src/NOTICE" ]] && copy "$src/NOTICE" "$VENDOR_DIR/swagger-ui/NOTICE"
record swagger-ui-dist "$SWAGGER_UI_VERSION" swagger-ui

# --- VERSIONS.txt -----------------------------------------------------------
{
    echo "# Vendored front-end libraries (generated by scripts/vendor_static.sh; do not edit)."
    echo "# Columns: npm-package version path-under-static/vendor sha256"
    printf '%s' "$VERSIONS_BODY"
} >"$VENDOR_DIR/VERSIONS.txt"
chmod 0644 "$VENDOR_DIR/VERSIONS.txt"

echo "Vendored into $VENDOR_DIR:"
(cd "$VENDOR_DIR" && find . -type f | sort | sed 's|^\./|  |')
echo "Total: $(du -sh --apparent-size "$VENDOR_DIR" | cut -f1)"
