#!/usr/bin/env bash
# Installs, idempotently, what building and testing kyso needs beyond the Rust toolchain.
#   scripts/tools.sh build   clang (ring's C/asm for wasm32), the wasm32 target,
#                            wasm-bindgen-cli at the Cargo.lock version, npm binaryen@132 (wasm-opt)
#   scripts/tools.sh test    the above, plus Debian's chromium and chromium-driver
# Project-local tools go to .tools/ (gitignored). Debian's `binaryen` package is never used: its
# wasm-opt (version 108) silently breaks the app.
set -euo pipefail
mode=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

say() { printf '\033[1mtools:\033[0m %s\n' "$*"; }

apt_missing=()
command -v clang >/dev/null 2>&1 || apt_missing+=(clang)
if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen library version in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
if ! "$tools/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $wb_version\$"; then
  say "installing wasm-bindgen-cli $wb_version into .tools (a few minutes, once)"
  # No --locked: the registry mirror lacks one of its pinned dependencies.
  cargo install --quiet --force wasm-bindgen-cli --version "=$wb_version" --root "$tools"
fi

if [ ! -x "$tools/npm/node_modules/.bin/wasm-opt" ]; then
  say "installing wasm-opt (npm binaryen@132) into .tools"
  npm install --silent --no-audit --no-fund --prefix "$tools/npm" binaryen@132 >/dev/null
fi
say "ready ($mode)"
