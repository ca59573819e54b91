#!/usr/bin/env bash
# Builds the fuzz seed corpora (fuzz/corpus/TARGET/) from the project's own
# files: the hand-written hostile seeds in fuzz/seeds/, the test fixtures
# under tests/ and the benchmark pages under benches/pages/. Never from
# ../shared (the evaluation data stays out of the repository and its tools).
# Large pages are cut into pieces of at most 8 KB (at a tag or line start) so
# that seeds stay within the fuzzers' -max_len and each run stays fast.
# Idempotent: seeds are named by content hash; what the fuzzers added to the
# corpus before is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

CHUNK=${FUZZ_SEED_CHUNK:-8192}

add_seed() { # add_seed TARGET FILE
    local dir="fuzz/corpus/$1" f="$2" size
    mkdir -p "$dir"
    size=$(wc -c <"$f")
    if [ "$size" -le "$CHUNK" ]; then
        cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
        return
    fi
    # Cut at a '<' or newline near every CHUNK bytes; python3 is on every dev box here.
    python3 - "$f" "$dir" "$CHUNK" <<'PY'
import hashlib, sys
path, out, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
start = 0
while start < len(data):
    end = min(len(data), start + chunk)
    if end < len(data):
        cut = max(data.rfind(b"<", start + chunk // 2, end), data.rfind(b"\n", start + chunk // 2, end))
        if cut > start:
            end = cut
    piece = data[start:end]
    open(f"{out}/seed-{hashlib.sha1(piece).hexdigest()[:16]}", "wb").write(piece)
    start = end
PY
}

roots=$(for d in fuzz/seeds tests benches/pages; do if [ -d "$d" ]; then echo "$d"; fi; done)
# shellcheck disable=SC2086 # roots and file lists are plain repository paths
html_files=$(find $roots -type f \( -name '*.html' -o -name '*.htm' \) 2>/dev/null | sort)
text_files=$(find $roots -type f -name '*.txt' 2>/dev/null | sort)
store_files=$(find $roots -type f -name '*.store' 2>/dev/null | sort)

for f in $html_files; do add_seed html_page "$f"; add_seed tree_page "$f"; done
for f in $text_files; do add_seed plain_text "$f"; add_seed taggers "$f"; add_seed tree_page "$f"; done
for f in $store_files; do add_seed store_decode "$f"; done

# Store seeds: the project's CLI reads the seed pages into stores of one, two
# and all pages; each store.bin becomes two seeds for the store_decode target
# (its first byte picks the mode): 0x00 + the whole file, and 0x01 + the
# payload alone (the target re-wraps it in a valid header).
bin=""
for b in target/release/storyline target/debug/storyline; do
    if [ -x "$b" ] && { [ -z "$bin" ] || [ "$b" -nt "$bin" ]; }; then bin=$b; fi
done
if [ -z "$bin" ] && cargo build --quiet 2>/dev/null; then bin=target/debug/storyline; fi
if [ -n "$bin" ]; then
    tmp=$(mktemp -d)
    # shellcheck disable=SC2086
    pages=$(find $roots -type f \( -name '*.html' -o -name '*.txt' \) -size -200k -printf '%s %p\n' 2>/dev/null | sort -n | cut -d' ' -f2- | head -12)
    n=0
    for count in 1 3 12; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        "$bin" read --store "$tmp/s$n" $(echo "$pages" | head -"$count") >/dev/null 2>&1 || true
        if [ -f "$tmp/s$n/store.bin" ]; then
            mkdir -p fuzz/corpus/store_decode
            { printf '\000'; cat "$tmp/s$n/store.bin"; } >"$tmp/raw"
            { printf '\001'; tail -c +29 "$tmp/s$n/store.bin"; } >"$tmp/payload"
            for f in "$tmp/raw" "$tmp/payload"; do
                cp "$f" "fuzz/corpus/store_decode/seed-$(sha1sum "$f" | cut -c1-16)"
            done
        fi
    done
    rm -rf "$tmp"
else
    echo "seeds: no storyline binary; store_decode starts from an empty corpus"
fi

for t in html_page plain_text taggers tree_page store_decode; do
    [ -d "fuzz/corpus/$t" ] || mkdir -p "fuzz/corpus/$t"
    echo "seeds: $t: $(find "fuzz/corpus/$t" -type f | wc -l) corpus files"
done
