#!/usr/bin/env bash
# Install everything the test suite needs, then run it (lint included).
# Debian packages: LibreOffice (converts .doc/.wps and makes the PDFs the format tests
# read), Noto CJK fonts (without them Chinese renders as boxes), poppler-utils, and
# PostgreSQL with its contrib modules (pg_trgm): the store tests start a throwaway server;
# chromium: the web workspace is tested in it, headless, through Playwright (which uses
# this browser and never downloads one of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui fonts-noto-cjk poppler-utils postgresql postgresql-contrib chromium)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! missing Debian packages (${missing[*]}); run as root or install them: the tests that need them will skip" >&2
  fi
fi

PY=${PYTHON:-python3}
echo "== installing fazhi with its test dependencies"
"$PY" -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== ruff"
"$PY" -m ruff check src tests benchmarks scripts
"$PY" -m ruff format --check src tests benchmarks scripts

# with the server installed, a PostgreSQL that cannot start is a failure, not a skip
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export FAZHI_REQUIRE_PG=1
fi

# likewise with chromium installed, the browser tests must run
if [ -x /usr/bin/chromium ]; then
  export FAZHI_REQUIRE_BROWSER=1
fi

echo "== pytest"
"$PY" -m pytest -q "$@"
