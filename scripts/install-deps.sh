#!/usr/bin/env bash
# install-deps.sh — installs what plein needs to build, run and test, and only
# what is missing (idempotent). Called by `make run` and `make check`.
# Not root and no passwordless sudo: prints the exact command to run instead.
set -euo pipefail
cd "$(dirname "$0")/.."

# build and run
PKGS=(build-essential pkg-config gettext
      libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev libinih-dev
      libvips-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libstemmer-dev
      libcsv-dev libunistring-dev libcurl4-openssl-dev libgit2-dev libxml2-dev libigraph-dev)
# test: unit tests, fuzzers, end-to-end and browser tests, benchmarks
TEST_PKGS=(libcmocka-dev clang libclang-rt-14-dev nodejs npm chromium fonts-noto-color-emoji wrk sqlite3 libxml2-utils python3-networkx)

want=("${PKGS[@]}")
[ "${1:-}" = "--run-only" ] || want+=("${TEST_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from elsewhere (nodesource, nvm): accept working binaries
if command -v node >/dev/null && command -v npm >/dev/null; then
	missing=($(printf '%s\n' "${missing[@]}" | grep -vx -e nodejs -e npm || true))
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "plein: installing Debian packages: ${missing[*]}"
	if [ "$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else
		echo "plein: missing packages; please run:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages for the tests (playwright-core drives Debian's chromium)
if [ "${1:-}" != "--run-only" ] && [ -f package-lock.json ]; then
	if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
		echo "plein: npm ci"
		npm ci --no-audit --no-fund --loglevel=error
	fi
fi
