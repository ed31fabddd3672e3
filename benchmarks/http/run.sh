#!/usr/bin/env bash
# HTTP throughput of McpGen vs the official C# MCP SDK vs bare Kestrel, measured with wrk on loopback.
#
#   bash benchmarks/http/run.sh [--aot] [--only official|bridge|bare|mcpgen[,...]]
#
# Environment: DURATION (seconds per measured run, default 15), CONNECTIONS (default 64),
#              WARMUP (seconds of unmeasured load before each run, default 5; a JIT server's warm-up goes on in 3 s
#              bursts for at least WARMUP_JIT seconds, default 30, and until a burst makes its JIT compile almost
#              nothing, at most WARMUP_MAX, default 90: tiering and PGO take 10-35 s under load here),
#              GC (server, the ASP.NET Core default, or workstation; applies to every server alike),
#              ROUNDS (default 3: every server is measured that many times, interleaved; the median is reported),
#              RESULTS_TSV (a file to append machine-readable rows to, for benchmarks/run.sh),
#              PIN (1: the server runs on CPU 1 only and wrk, with one thread, on CPU 0, so neither takes the other's
#              core; the spread between runs is far smaller than when they share both cores; needs 2 CPUs).
# Progress and raw wrk output go to stderr; the Markdown report goes to stdout
# (so `run.sh > results.md` keeps just the report).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-64}"
WARMUP="${WARMUP:-5}"
WARMUP_JIT="${WARMUP_JIT:-30}"
WARMUP_MAX="${WARMUP_MAX:-90}"
GC="${GC:-server}"
ROUNDS="${ROUNDS:-3}"
case "$GC" in
    server) ;;
    # With 2 cores shared with wrk, Server GC's dynamic heap count (DATAS) settles on 1 or 2 heaps from run to run,
    # which moves allocation-heavier servers by up to 20%; workstation GC takes that variable out.
    workstation) export DOTNET_gcServer=0 ;;
    *) echo "GC must be server or workstation" >&2; exit 2 ;;
esac
THREADS=2
PIN="${PIN:-0}"
SERVER_CPU=()
WRK_CPU=()
if [[ "$PIN" == 1 ]]; then
    [[ "$(nproc)" -ge 2 ]] || { echo "PIN=1 needs 2 CPUs" >&2; exit 2; }
    THREADS=1
    SERVER_CPU=(taskset -c 1)
    WRK_CPU=(taskset -c 0)
fi
AOT=0
ONLY=""

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die() {
    echo "run.sh: ERROR: $*" >&2
    exit 1
}

log() {
    echo "==> $*" >&2
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --aot) AOT=1 ;;
        --only) [[ $# -ge 2 ]] || die "--only needs a value"; ONLY="$2"; shift ;;
        --only=*) ONLY="${1#--only=}" ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done

[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || die "DURATION must be a positive integer (seconds), got '$DURATION'"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (seconds), got '$WARMUP'"
[[ "$WARMUP_JIT" =~ ^[0-9]+$ ]] || die "WARMUP_JIT must be a non-negative integer (seconds), got '$WARMUP_JIT'"
[[ "$WARMUP_MAX" =~ ^[0-9]+$ && "$WARMUP_MAX" -ge "$WARMUP" ]] || die "WARMUP_MAX must be an integer >= WARMUP, got '$WARMUP_MAX'"
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -ge "$THREADS" ]] || die "CONNECTIONS must be an integer >= $THREADS, got '$CONNECTIONS'"
for tool in dotnet wrk curl awk $([[ "$PIN" == 1 ]] && echo taskset); do
    command -v "$tool" >/dev/null || die "'$tool' is not on PATH"
done

# Which servers: mcpgen, official, bridge (the official SDK serving the same tool through McpGen's bridge), bare;
# --aot adds mcpgen-aot, official-aot, bridge-aot and bare-aot (the same projects published with Native AOT).
SELECTED=()
if [[ -z "$ONLY" ]]; then
    SELECTED=(mcpgen official bridge bare)
else
    IFS=',' read -r -a wanted <<< "$ONLY"
    for s in mcpgen official bridge bare; do
        for w in "${wanted[@]}"; do
            [[ "$w" == "$s" ]] && SELECTED+=("$s")
        done
    done
    for w in "${wanted[@]}"; do
        [[ "$w" == mcpgen || "$w" == official || "$w" == bridge || "$w" == bare ]] || die "--only takes official, bridge, bare or mcpgen (comma-separated), got '$w'"
    done
fi
if [[ "$AOT" == 1 ]]; then
    # Each AOT row right after its JIT row; with --only, an AOT row comes even when its JIT row was not selected.
    NEW=()
    for s in "${SELECTED[@]}"; do NEW+=("$s"); NEW+=("$s-aot"); done
    SELECTED=("${NEW[@]}")
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mcpgen-http-bench.XXXXXX")"
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

cleanup() {
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- per-server settings -------------------------------------------------------------------------

project_of() {
    case "$1" in
        mcpgen|mcpgen-aot) echo McpGenServer ;;
        official|official-aot|bridge|bridge-aot) echo OfficialSdkServer ;;
        bare|bare-aot) echo BareKestrel ;;
    esac
}

script_of() {
    case "$1" in
        mcpgen|mcpgen-aot|bare|bare-aot) echo "$HERE/mcpgen.lua" ;; # bare Kestrel gets the McpGen request
        official|official-aot|bridge|bridge-aot) echo "$HERE/official.lua" ;;
    esac
}

label_of() {
    case "$1" in
        mcpgen) echo "McpGen" ;;
        mcpgen-aot) echo "McpGen (Native AOT)" ;;
        official) echo "Official SDK${OFFICIAL_VERSION:+ $OFFICIAL_VERSION} (stateless)" ;;
        official-aot) echo "Official SDK${OFFICIAL_VERSION:+ $OFFICIAL_VERSION} (stateless, Native AOT)" ;;
        bridge) echo "Official SDK${OFFICIAL_VERSION:+ $OFFICIAL_VERSION} + McpGen bridge (stateless)" ;;
        bridge-aot) echo "Official SDK${OFFICIAL_VERSION:+ $OFFICIAL_VERSION} + McpGen bridge (stateless, Native AOT)" ;;
        bare) echo "Bare Kestrel (fixed body)" ;;
        bare-aot) echo "Bare Kestrel (fixed body, Native AOT)" ;;
    esac
}

dll_of() {
    local project
    project="$(project_of "$1")"
    echo "$HERE/$project/bin/Release/net10.0/$project.dll"
}

rid() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=osx ;;
        *) die "--aot: unsupported OS $(uname -s)" ;;
    esac
    case "$(uname -m)" in
        x86_64|amd64) arch=x64 ;;
        aarch64|arm64) arch=arm64 ;;
        *) die "--aot: unsupported architecture $(uname -m)" ;;
    esac
    echo "$os-$arch"
}

# ---- build (sequentially, before any load) ------------------------------------------------------

BUILT=" "
for s in "${SELECTED[@]}"; do
    [[ "$s" == *-aot ]] && continue
    project="$(project_of "$s")"
    [[ "$BUILT" == *" $project "* ]] && continue
    log "building $project (Release)"
    dotnet build "$HERE/$project/$project.csproj" -c Release --nologo -v q >&2 \
        || die "build of $project failed"
    BUILT+="$project "
done
for s in "${SELECTED[@]}"; do
    [[ "$s" == *-aot ]] || continue
    [[ "$s" == bridge-aot && " ${SELECTED[*]} " == *" official-aot "* ]] && continue  # the same binary
    project="$(project_of "$s")"
    log "publishing $project with Native AOT ($(rid)) to $TMP/$s"
    dotnet publish "$HERE/$project/$project.csproj" -c Release -r "$(rid)" -o "$TMP/$s" --nologo -v q >&2 \
        || die "Native AOT publish of $project failed"
    [[ -x "$TMP/$s/$project" ]] || die "Native AOT publish produced no $TMP/$s/$project"
    [[ -n "${RESULTS_TSV:-}" ]] && printf 'size\t%s\t%s\n' "$s" "$(stat -c %s "$TMP/$s/$project")" >> "$RESULTS_TSV"
done

OFFICIAL_VERSION=""
if [[ " ${SELECTED[*]} " == *" official"* ]]; then
    [[ -f "$HERE/OfficialSdkServer/bin/Release/net10.0/OfficialSdkServer.deps.json" ]] \
        || dotnet build "$HERE/OfficialSdkServer/OfficialSdkServer.csproj" -c Release --nologo -v q >&2
    OFFICIAL_VERSION="$(grep -o '"ModelContextProtocol.AspNetCore/[^"]*"' "$HERE/OfficialSdkServer/bin/Release/net10.0/OfficialSdkServer.deps.json" 2>/dev/null \
        | head -n 1 | sed 's/.*\/\(.*\)"/\1/' || true)"
fi

# ---- helpers -----------------------------------------------------------------------------------

free_port() {
    local port i
    for i in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))  # below the ephemeral range, where wrk's closed connections linger
        # Nothing listening there if a connect fails.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

start_server() { # key port logfile
    local key="$1" port="$2" logfile="$3" i
    local -a extra=()
    [[ "$key" == bridge* ]] && extra=(--bridge)
    if [[ "$key" == *-aot ]]; then
        local dir="$key"
        [[ "$key" == bridge-aot && -x "$TMP/official-aot/OfficialSdkServer" ]] && dir=official-aot
        "${SERVER_CPU[@]}" "$TMP/$dir/$(project_of "$key")" --urls "http://127.0.0.1:$port" "${extra[@]}" >"$logfile" 2>&1 &
    else
        "${SERVER_CPU[@]}" dotnet "$(dll_of "$key")" --urls "http://127.0.0.1:$port" "${extra[@]}" >"$logfile" 2>&1 &
    fi
    SERVER_PID=$!
    for i in $(seq 1 300); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            cat "$logfile" >&2
            SERVER_PID=""
            die "$(label_of "$key") exited before answering"
        fi
        if curl -sf -o /dev/null "http://127.0.0.1:$port/_alloc"; then
            return 0
        fi
        sleep 0.1
    done
    cat "$logfile" >&2
    die "$(label_of "$key") did not answer on port $port within 30 s"
}

read_alloc() { # port
    local v
    v="$(curl -sf "http://127.0.0.1:$1/_alloc")" || die "GET /_alloc failed"
    [[ "$v" =~ ^[0-9]+$ ]] || die "GET /_alloc returned '$v', not a number"
    echo "$v"
}

# One request as curl, built from the wrk script itself (its headers and body), so both stay in step.
smoke_test() { # key port
    local key="$1" port="$2" script body status
    script="$(script_of "$key")"
    local -a hdrs=()
    while IFS= read -r line; do
        hdrs+=(-H "$line")
    done < <(sed -n -E 's/^wrk\.headers\["([^"]+)"\] *= *"(.*)"$/\1: \2/p' "$script")
    body="$(sed -n -E "s/^wrk\\.body *= *'(.*)'\$/\\1/p" "$script")"
    [[ -n "$body" && ${#hdrs[@]} -gt 0 ]] || die "could not read headers and body from $script"
    status="$(curl -s -o "$TMP/smoke.out" -w '%{http_code}' -X POST "${hdrs[@]}" --data-binary "$body" "http://127.0.0.1:$port/mcp")" || true
    if [[ "$status" != 200 ]] || ! grep -q '"text":"hello"' "$TMP/smoke.out"; then
        echo "--- response (HTTP $status):" >&2
        cat "$TMP/smoke.out" >&2 || true
        echo >&2
        die "$(label_of "$key"): smoke request did not answer 200 with the echoed text"
    fi
}

# Runs wrk; fails loudly on any non-2xx/3xx answer or socket error. Prints wrk's output.
run_wrk() { # key port seconds
    local key="$1" port="$2" seconds="$3" out non2xx
    out="$("${WRK_CPU[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$(script_of "$key")" "http://127.0.0.1:$port/mcp" 2>&1)" \
        || { echo "$out" >&2; die "wrk failed against $(label_of "$key")"; }
    non2xx="$(sed -n -E 's/^ERRORS non2xx=([0-9]+).*/\1/p' <<< "$out")"
    [[ -n "$non2xx" ]] || { echo "$out" >&2; die "wrk output has no ERRORS line (was the Lua done() hook replaced?)"; }
    if [[ "$non2xx" != 0 ]] || grep -q 'Non-2xx or 3xx responses' <<< "$out"; then
        echo "$out" >&2
        die "$(label_of "$key") answered $non2xx non-2xx/3xx responses; the numbers are meaningless"
    fi
    if ! grep -q '^ERRORS non2xx=0 connect=0 read=0 write=0 timeout=0$' <<< "$out"; then
        echo "$out" >&2
        die "$(label_of "$key"): wrk saw socket errors"
    fi
    echo "$out"
}

# Unmeasured load until the server is at its steady state: WARMUP seconds; then, for a JIT server (GET /_jit is not
# 0), 3 s bursts until at least WARMUP_JIT seconds have passed and a burst made the JIT compile almost nothing (/_jit
# grew by at most 0.5%: tiering and PGO recompilations are done), at most WARMUP_MAX seconds. A fixed 5 s warm-up
# measured McpGen while its hot methods still ran tier-0 or instrumented code (10-35 s of load here). The count
# alone is not enough: it also stands still early on, while the runtime delays call counting.
warm_up() { # key port
    local key="$1" port="$2" elapsed jit before
    log "$(label_of "$key"): warming up"
    run_wrk "$key" "$port" "$WARMUP" >/dev/null
    elapsed="$WARMUP"
    jit="$(curl -sf "http://127.0.0.1:$port/_jit")" || die "GET /_jit failed"
    before=0
    while [[ "$jit" != 0 && "$elapsed" -lt "$WARMUP_MAX" ]]; do
        before="$jit"
        run_wrk "$key" "$port" 3 >/dev/null
        elapsed=$((elapsed + 3))
        jit="$(curl -sf "http://127.0.0.1:$port/_jit")" || die "GET /_jit failed"
        [[ "$elapsed" -ge "$WARMUP_JIT" && $((jit - before)) -le $((before / 200)) ]] && break
    done
    [[ $((jit - before)) -le $((before / 200)) ]] || log "$(label_of "$key"): the JIT was still compiling after ${WARMUP_MAX} s"
    WARMED["$key"]="$elapsed"
}

# Latency as wrk prints it (850.00us, 1.23ms, 1.01s) in microseconds.
to_us() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") f = 1; else if (u == "ms") f = 1000; else if (u == "s") f = 1000000; else if (u == "m") f = 60000000; else f = -1
        if (f < 0) print "nan"; else printf "%.3f", n * f }'
}

# ---- runs --------------------------------------------------------------------------------------

# Rounds interleave the servers (server A, B, C, then A, B, C again…) so slow phases of a noisy machine hit every
# server alike; each server is reported by its median round (by req/s), with all rounds' req/s listed.
declare -A RPS P50 P99 BPR ALL WARMED
for round in $(seq 1 "$ROUNDS"); do
for s in "${SELECTED[@]}"; do
    port="$(free_port)"
    log "$(label_of "$s"): round $round of $ROUNDS, starting on 127.0.0.1:$port"
    start_server "$s" "$port" "$TMP/$s.log"
    smoke_test "$s" "$port"
    if [[ "$WARMUP" -gt 0 ]]; then
        warm_up "$s" "$port"
    fi
    before="$(read_alloc "$port")"
    log "$(label_of "$s"): measuring for ${DURATION} s (wrk -t$THREADS -c$CONNECTIONS)"
    out="$(run_wrk "$s" "$port" "$DURATION")"
    after="$(read_alloc "$port")"
    stop_server
    echo "$out" | sed 's/^/    /' >&2

    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")"
    p50="$(awk '$1 == "50%" { print $2 }' <<< "$out")"
    p99="$(awk '$1 == "99%" { print $2 }' <<< "$out")"
    total="$(awk '/ requests in / { print $1 }' <<< "$out")"
    [[ -n "$rps" && -n "$p50" && -n "$p99" && "$total" =~ ^[0-9]+$ && "$total" -gt 0 ]] \
        || die "could not parse wrk output for $(label_of "$s")"
    bpr="$(awk -v a="$before" -v b="$after" -v n="$total" 'BEGIN { printf "%.0f", (b - a) / n }')"
    ALL[$s]+="$rps $p50 $p99 $bpr"$'\n'
done
done

for s in "${SELECTED[@]}"; do
    # The median round by req/s (the lower middle one for an even count).
    read -r rps p50 p99 bpr < <(sort -n -k1,1 <<< "${ALL[$s]%$'\n'}" | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    RPS[$s]="$rps"
    P50[$s]="$p50"
    P99[$s]="$p99"
    BPR[$s]="$bpr"
done

if [[ -n "${RESULTS_TSV:-}" ]]; then
    for s in "${SELECTED[@]}"; do
        printf 'http\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "${RPS[$s]}" "$(to_us "${P50[$s]}")" "$(to_us "${P99[$s]}")" "${BPR[$s]}" \
            "$(awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 }' <<< "${ALL[$s]%$'\n'}")" >> "$RESULTS_TSV"
    done
fi

# ---- report ------------------------------------------------------------------------------------

cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo "## McpGen HTTP benchmark"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), .NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
if [[ "$PIN" == 1 ]]; then
    echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}. **Pinned (PIN=1)**: each server on CPU 1 only, wrk on CPU 0, over loopback;"
    echo "  a one-core server, so compare rows, not absolute values."
else
    echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}. **wrk and the server share these cores over loopback**, so absolute numbers are"
    echo "  well below what a dedicated load generator would see; compare rows, not absolute values."
fi
echo "- Load: \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\` after a warm-up until the JIT was done (JIT servers ${WARMUP_JIT}–${WARMUP_MAX} s, the last round's: $(for k in "${!WARMED[@]}"; do printf '%s %s s, ' "$(label_of "$k")" "${WARMED[$k]}"; done | sed 's/, $//')); one echo \`tools/call\` per request"
echo "  (McpGen: protocol 2026-07-28, stateless; official SDK: 2025-11-25, stateless mode; bare Kestrel: fixed answer)."
echo "- Allocated bytes/request: \`GC.GetTotalAllocatedBytes(true)\` delta over the measured run / requests wrk counted."
echo "- GC: $GC (same for every server)"
echo "- Rounds: $ROUNDS per server, interleaved; the table shows each server's median round."
echo
echo "| Server | Req/s (median) | p50 | p99 | Allocated B/request | Req/s of every round |"
echo "|---|---:|---:|---:|---:|---|"
for s in "${SELECTED[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$(label_of "$s")" "$(awk -v r="${RPS[$s]}" 'BEGIN { printf "%.0f", r }')" \
        "${P50[$s]}" "${P99[$s]}" "${BPR[$s]}" "$(awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }' <<< "${ALL[$s]%$'\n'}")"
done

ratio() { # numerator denominator
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b + 0 == 0) print "n/a"; else printf "%.2f×", a / b }'
}

ratio_rows=()
for num in mcpgen mcpgen-aot bridge bridge-aot; do
    [[ -n "${RPS[$num]:-}" ]] || continue
    for den in official official-aot bare bare-aot; do
        # The bridge rows are compared with the SDK's own reflection path only.
        [[ "$num" == bridge && "$den" != official ]] && continue
        [[ "$num" == bridge-aot && "$den" != official-aot ]] && continue
        # JIT rows against the JIT ceiling, AOT rows against the AOT one.
        [[ "$den" == bare-aot && "$num" != *-aot ]] && continue
        [[ -n "${RPS[$den]:-}" ]] || continue
        ratio_rows+=("$num:$den")
    done
done
if [[ ${#ratio_rows[@]} -gt 0 ]]; then
    echo
    echo "| Ratio | Req/s | p50 | p99 | Allocated B/request |"
    echo "|---|---:|---:|---:|---:|"
    for r in "${ratio_rows[@]}"; do
        num="${r%%:*}"
        den="${r##*:}"
        printf '| %s / %s | %s | %s | %s | %s |\n' "$(label_of "$num")" "$(label_of "$den")" \
            "$(ratio "${RPS[$num]}" "${RPS[$den]}")" \
            "$(ratio "$(to_us "${P50[$num]}")" "$(to_us "${P50[$den]}")")" \
            "$(ratio "$(to_us "${P99[$num]}")" "$(to_us "${P99[$den]}")")" \
            "$(ratio "${BPR[$num]}" "${BPR[$den]}")"
    done
    echo
    echo "Req/s above 1× is faster; latency and allocation below 1× are better."
fi
