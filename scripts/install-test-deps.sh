#!/usr/bin/env bash
# Installs what the tests need: Debian packages (only those missing) and ssvkg[test].
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need, one per line.
APT_PACKAGES=(
    virtuoso-opensource  # a real Virtuoso for tests/remote (the Oxigraph server comes from PyPI: ssvkg[test])
    chromium             # a real browser for tests/web (driven by Selenium, headless)
    chromium-driver      # its WebDriver, /usr/bin/chromedriver
    fonts-wqy-microhei   # Chinese glyphs in the tests/web screenshots
    serdi                # a strict Turtle/N-Quads parser, the reference for tests/test_export_langtags.py
)
# Node and npm for Comunica (installed below from npm): the machine's own when present (Node 20
# from NodeSource, with npm; Debian's npm package would replace it with Debian's Node 18).
command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Comunica, the JavaScript SPARQL engine (tests/remote/test_comunica.py), from npm, pinned, into a
# tools folder outside the repository; kept when that version is already there. 4.x runs on
# Debian's Node 20 (5.x needs Node 22).
COMUNICA_VERSION=4.5.0  # keep in step with tests/remote/comunica.py
comunica_dir="${XDG_CACHE_HOME:-$HOME/.cache}/ssvkg-test-tools/comunica"
if ! grep -qs "\"version\": \"$COMUNICA_VERSION\"" "$comunica_dir/node_modules/@comunica/query-sparql-file/package.json"; then
    mkdir -p "$comunica_dir"
    [ -f "$comunica_dir/package.json" ] || echo '{"private": true}' > "$comunica_dir/package.json"
    npm install --prefix "$comunica_dir" --no-audit --no-fund --loglevel=error --save-exact \
        "@comunica/query-sparql-file@$COMUNICA_VERSION"
fi

PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

# grlc, to serve queries/ as its Web API in tests/remote/test_grlc.py. It pins exact versions of
# rdflib, Flask, requests… so it gets its own virtualenv, reused while it holds this version.
GRLC_VERSION=1.3.11
GRLC_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/ssvkg-test-tools/grlc"
if ! "$GRLC_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('grlc') != '$GRLC_VERSION')" 2>/dev/null; then
    rm -rf "$GRLC_VENV"
    python3 -m venv "$GRLC_VENV"
    PIP_ROOT_USER_ACTION=ignore "$GRLC_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "grlc==$GRLC_VERSION"
fi
