#!/usr/bin/env bash
# benches/compare.sh — wikigraph against the tools users have today (issue 5).
#
# What it measures, on generated wikis (examples/gen_wiki, seed 1) and
# optionally one real wiki, side by side in one run with hyperfine
# (--warmup 1, medians) after warming the page cache:
#   cat             find W -name '*.md' -print0 | xargs -0 cat   (the I/O floor)
#   rg              rg -c '\[\[' W                               (a scan floor)
#   check           wikigraph --wiki W -q check                  (walk, parse, graph, audit)
#   build           wikigraph --wiki W -q build --out TMP        (every export)
#   export-graphml  wikigraph --wiki W -q export --format graphml -o TMP/x.graphml
#   python          benches/python_pipeline.py W TMP/py.graphml  (python-frontmatter + re + networkx)
# then the peak RSS of check, build, export-graphml and python (GNU time %M,
# one run each), and prints a markdown table per wiki with the ratios the
# issue targets: check / rg (≤ 3), python / export-graphml (≥ 15),
# python / build (≥ 5), and, with more than one generated size, the growth of
# build time from the previous size to the largest against the page ratio.
# Machine information (cores, CPU, memory, tool versions) comes first.
#
# Environment:
#   SIZES="10000 100000"  generated wiki sizes, in pages
#   RUNS=5                hyperfine runs per command (after one warm-up)
#   BENCH_DIR=/tmp/wikigraph-bench
#                         generated wikis go to BENCH_DIR/wN (kept and reused:
#                         delete one to regenerate it); results (hyperfine JSON
#                         and CSV) to BENCH_DIR/results
#   REAL=DIR              also measure this real wiki
#   PYTHON=0              skip the Python pipeline
#   PY=python3            the Python interpreter
#   PY_MAX_PAGES=200000   skip the Python pipeline on wikis with more pages
#
# Needs hyperfine, rg (ripgrep) and GNU time (/usr/bin/time); the Python
# pipeline needs `pip install networkx python-frontmatter`.
#
# Examples, from the repository root:
#   benches/compare.sh                              # 10k and 100k pages
#   SIZES=2000 RUNS=2 benches/compare.sh            # a quick try
#   SIZES="100000 1000000" PYTHON=0 benches/compare.sh
#   REAL=~/notes SIZES= benches/compare.sh          # only a real wiki
#   cargo run --release --example replicate_wiki -- --copies 8 \
#       --out /tmp/wikigraph-bench/real13k ../shared/corpora/*/wiki
#   REAL=/tmp/wikigraph-bench/real13k benches/compare.sh
#                                                   # and 13,008 pages of real text
set -euo pipefail

SIZES=${SIZES-10000 100000}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/wikigraph-bench}
REAL=${REAL:-}
PYTHON=${PYTHON:-1}
PY=${PY:-python3}
PY_MAX_PAGES=${PY_MAX_PAGES:-200000}

cd "$(dirname "$0")/.."
ROOT=$PWD

die() {
    echo "compare.sh: $*" >&2
    exit 1
}
need() {
    command -v "$1" >/dev/null 2>&1 || die "needs $1 (apt-get install $2)"
}
need hyperfine hyperfine
need rg ripgrep
[[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
    die "needs GNU time at /usr/bin/time (apt-get install time)"
[[ -z $REAL || -d $REAL ]] || die "REAL=$REAL is not a folder"

python_ok=0
python_why=""
if [[ $PYTHON == 0 ]]; then
    python_why="PYTHON=0"
elif ! command -v "$PY" >/dev/null 2>&1; then
    python_why="no $PY"
elif ! "$PY" -c 'import networkx, frontmatter' 2>/dev/null; then
    python_why="$PY lacks networkx or frontmatter (pip install networkx python-frontmatter)"
else
    python_ok=1
fi

echo "## Machine"
echo
echo "- cores: $(nproc)"
echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "- kernel: $(uname -sr)"
echo "- wikigraph: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
# Only the first line, read whole (head closing the pipe early makes rg complain).
echo "- $(rg --version 2>/dev/null | sed -n 1p)"
echo "- $(hyperfine --version)"
if [[ $python_ok == 1 ]]; then
    echo "- $("$PY" --version 2>&1), networkx $("$PY" -c 'import networkx; print(networkx.__version__)'), python-frontmatter $("$PY" -c 'import importlib.metadata as m; print(m.version("python-frontmatter"))' 2>/dev/null || echo '?')"
else
    echo "- Python pipeline skipped: $python_why"
fi
echo

echo "building release ..." >&2
cargo build --release --bins --examples >&2
WG=$ROOT/target/release/wikigraph
GEN=$ROOT/target/release/examples/gen_wiki

mkdir -p "$BENCH_DIR/results"
wikis=()
for n in $SIZES; do
    w=$BENCH_DIR/w$n
    if [[ ! -d $w ]]; then
        echo "generating $n pages into $w ..." >&2
        rm -rf "$w.tmp"
        "$GEN" --pages "$n" --out "$w.tmp" --seed 1
        mv "$w.tmp" "$w"
    fi
    wikis+=("$w")
done
[[ -n $REAL ]] && wikis+=("$(cd "$REAL" && pwd)")
((${#wikis[@]})) || die "nothing to measure (SIZES is empty and no REAL)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Median and stddev (seconds) of a named command from hyperfine's CSV.
hstat() { # csv name column(median|stddev)
    awk -F, -v name="$2" -v col="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
        $1 == name { v = $(idx[col]); gsub(/ /, "", v); print v; exit }' "$1"
}
# Seconds with three decimals, or a dash when hyperfine gave none.
secs() { awk -v v="$1" 'BEGIN { if (v == "") print "—"; else printf "%.3f", v }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "—"; else printf "%.1f", a / b }'; }

declare -A build_median pages_of
for w in "${wikis[@]}"; do
    name=$(basename "$w")
    pages=$(find "$w" -name '*.md' | wc -l)
    mb=$(find "$w" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | awk '{ printf "%.1f", $1 / 1e6 }')
    pages_of[$w]=$pages
    out=$TMP/$name
    mkdir -p "$out"

    use_py=$python_ok
    py_note=$python_why
    if [[ $use_py == 1 && $pages -gt $PY_MAX_PAGES ]]; then
        use_py=0
        py_note="$pages pages > PY_MAX_PAGES=$PY_MAX_PAGES"
    fi

    echo "warming the cache for $w ..." >&2
    find "$w" -name '*.md' -print0 | xargs -0 cat >/dev/null

    q=$(printf %q "$w")
    qo=$(printf %q "$out")
    names=(cat rg check build export-graphml)
    cmds=(
        "find $q -name '*.md' -print0 | xargs -0 cat > /dev/null"
        "rg -c '\\[\\[' $q > /dev/null"
        "$WG --wiki $q -q check > /dev/null"
        "$WG --wiki $q -q build --out $qo/build"
        "$WG --wiki $q -q export --format graphml -o $qo/x.graphml"
    )
    if [[ $use_py == 1 ]]; then
        names+=(python)
        cmds+=("$PY $ROOT/benches/python_pipeline.py $q $qo/py.graphml")
    fi

    # Peak RSS, one run each; this also checks that every command works
    # (wikigraph exits 3 when some input could not be read: allowed).
    declare -A rss=()
    ignore=()
    for i in "${!names[@]}"; do
        [[ ${names[$i]} == cat || ${names[$i]} == rg ]] && continue
        set +e
        /usr/bin/time -f %M -o "$TMP/rss" bash -c "${cmds[$i]}"
        status=$?
        set -e
        if [[ $status == 3 ]]; then
            echo "note: ${names[$i]} exited 3 on $w (some input unreadable); hyperfine ignores it" >&2
            ignore=(-i)
        elif [[ $status != 0 ]]; then
            die "${names[$i]} failed on $w (exit $status): ${cmds[$i]}"
        fi
        rss[${names[$i]}]=$(awk '{ v = $1 } END { printf "%.0f", v / 1024 }' "$TMP/rss")
    done

    args=()
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "${cmds[$i]}")
    done
    echo "timing $w ..." >&2
    hyperfine --shell=bash --warmup 1 --runs "$RUNS" --style basic "${ignore[@]}" \
        --export-json "$BENCH_DIR/results/$name.json" \
        --export-csv "$BENCH_DIR/results/$name.csv" \
        "${args[@]}" >&2
    csv=$BENCH_DIR/results/$name.csv

    echo "## $w: $pages pages, $mb MB"
    echo
    echo "| command | median s | ± stddev | peak RSS MiB |"
    echo "|---|---:|---:|---:|"
    for n in "${names[@]}"; do
        echo "| $n | $(secs "$(hstat "$csv" "$n" median)") | $(secs "$(hstat "$csv" "$n" stddev)") | ${rss[$n]:-—} |"
    done
    echo
    med() { hstat "$csv" "$1" median; }
    echo "- check / rg: $(div "$(med check)" "$(med rg)") (target ≤ 3)"
    if [[ $use_py == 1 ]]; then
        echo "- python / export-graphml: $(div "$(med python)" "$(med export-graphml)") (target ≥ 15)"
        echo "- python / build: $(div "$(med python)" "$(med build)") (target ≥ 5)"
    else
        echo "- Python pipeline skipped: $py_note"
    fi
    echo
    build_median[$w]=$(med build)
    unset rss
done

# Growth from the previous generated size to the largest.
read -r -a sorted <<<"$(tr ' ' '\n' <<<"$SIZES" | grep . | sort -n | uniq | tr '\n' ' ')"
if ((${#sorted[@]} > 1)); then
    big=$BENCH_DIR/w${sorted[-1]}
    prev=$BENCH_DIR/w${sorted[-2]}
    echo "## Scaling"
    echo
    echo "- build time w${sorted[-1]} / w${sorted[-2]}: $(div "${build_median[$big]}" "${build_median[$prev]}")× for $(div "${pages_of[$big]}" "${pages_of[$prev]}")× the pages"
    echo
fi
echo "hyperfine results: $BENCH_DIR/results/" >&2
