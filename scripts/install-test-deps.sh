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
)

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

PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
