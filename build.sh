#!/usr/bin/env bash
# Storyline's one build script. Its subcommands are the project's table of
# contents:
#
#   ./build.sh          install what is missing, build the wasm core and the
#                       extension: dist/chrome, dist/firefox,
#                       dist/storyline-chrome.zip, dist/storyline-firefox.xpi
#   ./build.sh test     build, then: cargo fmt --check, clippy -D warnings,
#                       cargo test, web-ext lint, the end-to-end suite in
#                       headless Chromium and headless Firefox ESR;
#                       ends with "N passed, M failed"
#   ./build.sh fuzz [S] every fuzz target for S seconds (default 600), two at
#                       a time; figures in fuzz/logs/summary.md (ROBUSTNESS.md)
#   ./build.sh eval [TASK...]  quality on the dev sets (../shared/tools/run_dev.sh),
#                       and sentence boundaries on GUM; skips without ../shared
#   ./build.sh sizes    the sizes of what dist/ ships (raw and gzipped), as a
#                       Markdown table for BENCHMARKS.md
#   ./build.sh bench    criterion benches, then the in-browser benchmark
#                       (both browsers, with compromise for the ratio);
#                       rewrites the tables in BENCHMARKS.md
#
# Idempotent: tools already present are not reinstalled, npm ci runs only when
# package-lock.json changed, and the wasm is rebuilt only when its inputs did.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

# ---- installs --------------------------------------------------------------------

# The wasm-bindgen version pinned by Cargo.lock: wasm-bindgen-cli must match it
# exactly (wasm-pack otherwise tries a download, which fails offline).
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs), then rerun."
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want; want=$(bindgen_version)
  [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "cargo install wasm-bindgen-cli --version $want"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if ! command -v wasm-pack >/dev/null; then
    say "cargo install wasm-pack"
    cargo install wasm-pack
  fi
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "node and npm not found: install Node.js 20 or later (as root: apt-get install -y nodejs npm), then rerun."
  local want have=""
  want=$(hash_of package-lock.json package.json)
  [ -f node_modules/.storyline-lock ] && have=$(cat node_modules/.storyline-lock)
  if [ "$want" != "$have" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.storyline-lock
  fi
}

ensure_browsers() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ ${#missing[@]} -eq 0 ] && return 0
  if is_root && command -v apt-get >/dev/null; then
    say "apt-get install -y ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "build.sh: the end-to-end tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' and rerun." >&2
    return 1
  fi
}

# ---- build ------------------------------------------------------------------------

# Release wasm optimised for speed: opt-level 3 like the native CLI, then
# wasm-opt -O3 (flags in Cargo.toml's wasm-pack metadata). Since the actor
# model shrank, the size budget has room for it: opt-level s with -Oz was
# 58 KB smaller gzipped but about a third slower per page (BENCHMARKS.md).
# --target no-modules: the same glue loads as a classic content script, via
# importScripts in Chromium's service worker, and as a background script in
# Firefox.
build_wasm() {
  local stamp
  stamp=$(find src Cargo.toml Cargo.lock -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  if [ -f pkg/.stamp ] && [ "$(cat pkg/.stamp)" = "$stamp" ] && [ -f pkg/storyline_bg.wasm ]; then
    return 0
  fi
  say "wasm-pack build (release)"
  wasm-pack --log-level warn build --release --target no-modules \
    --out-dir pkg --out-name storyline --no-typescript --no-pack
  echo "$stamp" > pkg/.stamp
}

# One source manifest; each browser gets only the keys it reads, so neither
# shows warnings: Chromium runs background.js as a service worker, Firefox as
# background scripts (with the glue listed first) and needs its gecko id.
write_manifest() { # browser out
  node --input-type=module - "$1" "$2" <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const [browser, out] = process.argv.slice(2);
const m = JSON.parse(readFileSync('extension/manifest.json', 'utf8'));
if (browser === 'chrome') {
  delete m.browser_specific_settings;
  delete m.background.scripts;
} else {
  delete m.background.service_worker;
}
writeFileSync(out, JSON.stringify(m, null, 2) + '\n');
EOF
}

zip_dir() { # dir out
  rm -f "$2"
  (cd "$1" && zip -q -X -r -9 "$ROOT/$2" .)
}

build_extension() {
  for b in chrome firefox; do
    local d=dist/$b
    rm -rf "$d"
    mkdir -p "$d/icons"
    cp extension/*.js extension/*.html extension/*.css "$d/"
    cp -r extension/_locales "$d/"
    cp extension/icons/*.png "$d/icons/"
    cp pkg/storyline.js pkg/storyline_bg.wasm "$d/"
    write_manifest "$b" "$d/manifest.json"
  done
  zip_dir dist/chrome dist/storyline-chrome.zip
  zip_dir dist/firefox dist/storyline-firefox.xpi
}

cmd_build() {
  command -v zip >/dev/null || { is_root && apt-get update -qq && apt-get install -y -qq zip >/dev/null; } ||
    die "zip not found: run 'sudo apt-get install -y zip' and rerun."
  ensure_rust
  ensure_node
  build_wasm
  build_extension
  say "built dist/chrome dist/firefox dist/storyline-chrome.zip dist/storyline-firefox.xpi"
}

# ---- test -------------------------------------------------------------------------

PASSED=0
FAILED=0
FAILURES=()

# step NAME CMD...: one pass or one failure.
step() {
  local name=$1; shift
  say "$name"
  if "$@"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILURES+=("$name"); fi
}

# Runs CMD, echoing its output, and adds up the "N passed, M failed"-style
# counts it reports (cargo test's "test result" lines, the e2e runner's
# per-browser lines). A run that reports nothing but fails counts as one failure.
counted() {
  local name=$1; shift
  say "$name"
  local log; log=$(mktemp)
  local rc=0
  "$@" 2>&1 | tee "$log" || rc=$?
  local p f
  p=$(grep -Eo '(test result: (ok|FAILED)\. [0-9]+ passed|^(chromium|firefox): [0-9]+ passed)' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}' || true)
  f=$(grep -Eo '(; [0-9]+ failed;|^(chromium|firefox): [0-9]+ passed, [0-9]+ failed)' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}' || true)
  rm -f "$log"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then FAILED=$((FAILED + 1)); fi
  if [ "$rc" != 0 ] || [ "$f" != 0 ]; then FAILURES+=("$name"); fi
}

lint_extension() {
  local out rc=0
  out=$(web-ext lint --source-dir dist/firefox --output json --no-config-discovery 2>/dev/null) || rc=$?
  node -e '
    const r = JSON.parse(process.argv[1]);
    for (const k of ["errors", "warnings", "notices"]) for (const m of r[k] || []) console.log(`${k.slice(0, -1)}: ${m.code} ${m.file || ""}: ${m.message}`);
    console.log(`web-ext lint: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notices} notices`);
    process.exit(r.summary.errors ? 1 : 0);' "$out"
}

cmd_test() {
  cmd_build
  step "cargo fmt --check" cargo fmt --check
  step "cargo clippy --all-targets -- -D warnings" cargo clippy --quiet --all-targets -- -D warnings
  counted "cargo test" cargo test --no-fail-fast
  step "fuzz smoke: every target 5 s (scripts/fuzz.sh)" scripts/fuzz.sh smoke 5
  step "web-ext lint (0 errors)" lint_extension
  if ensure_browsers; then
    counted "e2e: headless Chromium" node tests/e2e/run.mjs chromium
    counted "e2e: headless Firefox ESR" node tests/e2e/run.mjs firefox
  else
    FAILED=$((FAILED + 1)); FAILURES+=("e2e: browsers missing")
  fi
  if [ ${#FAILURES[@]} -gt 0 ]; then
    printf 'failed: %s\n' "${FAILURES[@]}" >&2
  fi
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}

# ---- sizes ------------------------------------------------------------------------

gz() { gzip -9 -c "$1" | wc -c; }

# Quality on the dev data, with the very scorers of the held-out sets. The
# data and the kit live in ../shared, which only developers and CI have.
cmd_eval() {
  if [ ! -x ../shared/tools/run_dev.sh ]; then
    echo "eval: ../shared/tools/run_dev.sh is not here (it is not part of this repository); skipped"
    return 0
  fi
  cargo build --release --quiet
  STORYLINE_BIN=target/release/storyline STORYLINE_DEV_OUT=target/dev-eval ../shared/tools/run_dev.sh "$@"
  if [ -d ../shared/data/ner/gum ]; then
    cargo run --release --quiet --example gum_sentences -- ../shared/data/ner/gum
  fi
}

cmd_sizes() {
  [ -f dist/chrome/storyline_bg.wasm ] || cmd_build
  local wasm=dist/chrome/storyline_bg.wasm glue=dist/chrome/storyline.js
  local raw=0 gzs=0 f
  while IFS= read -r f; do
    raw=$((raw + $(wc -c < "$f"))); gzs=$((gzs + $(gz "$f")))
  done < <(find dist/chrome -type f)
  echo "| what | raw bytes | gzip -9 bytes |"
  echo "| --- | ---: | ---: |"
  echo "| core (storyline_bg.wasm) | $(wc -c < $wasm) | $(gz $wasm) |"
  echo "| wasm-bindgen glue (storyline.js) | $(wc -c < $glue) | $(gz $glue) |"
  echo "| whole extension (dist/chrome, every file gzipped alone) | $raw | $gzs |"
  echo "| dist/storyline-chrome.zip | $(wc -c < dist/storyline-chrome.zip) | (zip) |"
  echo "| dist/storyline-firefox.xpi | $(wc -c < dist/storyline-firefox.xpi) | (zip) |"
}

# ---- bench ------------------------------------------------------------------------

# Native criterion benches (benches/pipeline.rs), then the in-browser bench
# (scripts/bench-browser.mjs); their tables replace the generated sections of
# BENCHMARKS.md (between the bench:native and bench:browser marker comments).
cmd_bench() {
  cmd_build
  local native browser
  native=$(mktemp) browser=$(mktemp)
  say "cargo bench --bench pipeline"
  cargo bench --bench pipeline 2>&1 | tee /dev/stderr | node scripts/bench-table.mjs > "$native"
  say "node scripts/bench-browser.mjs"
  node scripts/bench-browser.mjs > "$browser"
  node scripts/bench-table.mjs --splice BENCHMARKS.md native "$native" browser "$browser"
  rm -f "$native" "$browser"
  say "BENCHMARKS.md updated"
}

case "${1:-build}" in
  build) cmd_build ;;
  test) cmd_test ;;
  fuzz) scripts/fuzz.sh long "${2:-600}" ;;
  eval) shift; cmd_eval "$@" ;;
  sizes) cmd_sizes ;;
  bench) cmd_bench ;;
  -h|--help|help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (try: ./build.sh, ./build.sh test, ./build.sh sizes, ./build.sh fuzz)" ;;
esac
