#!/usr/bin/env bash
# McpGen's performance suite, side by side with the official C# SDK, in one run:
#   - stdio start-up (hyperfine): McpGen AOT and JIT, the official SDK AOT and JIT, an AOT hello world (the floor);
#     without InvariantGlobalization too (issue 22): the hello world, QuickStart, and the README's server in a plain
#     `dotnet new console` project (benchmarks/stdio/PlainConsole); idle resident memory of each stdio server;
#   - HTTP throughput and latency (wrk, loopback): McpGen JIT and AOT, the official SDK stateless JIT and AOT, bare
#     Kestrel; allocated bytes per request (benchmarks/http/run.sh);
#   - in-process dispatch (BenchmarkDotNet): echo, record in/record out, a resource read;
#   - Native AOT binary sizes;
#   - the generator on a 1,000-tool project: a full run and an incremental edit of one method body (BenchmarkDotNet,
#     in-process as the IDE hosts it), and its share of a real build (benchmarks/build-cost/run.sh);
#   - a load test: 200 concurrent clients for 60 s against one instance and two instances sharing Redis
#     (benchmarks/load/run.sh).
# Writes the results into docs/performance.md (between the suite's markers) and draws docs/performance.png.
#
#   bash benchmarks/run.sh            # about 25 minutes on 2 cores
#   QUICK=1 bash benchmarks/run.sh    # a few minutes: short runs, to check the suite itself (numbers are rough)
#
# Installs what it needs when missing and allowed to (apt-get as root): wrk, hyperfine, gnuplot, redis-server.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
QUICK="${QUICK:-0}"
DOC="${MCPGEN_PERF_DOC:-$REPO/docs/performance.md}"
CHART="${MCPGEN_PERF_CHART:-$REPO/docs/performance.png}"

log() { echo "==> $*" >&2; }
die() { echo "benchmarks/run.sh: ERROR: $*" >&2; exit 1; }

# ---- tools ---------------------------------------------------------------------------------------
missing=()
for pair in wrk:wrk hyperfine:hyperfine gnuplot:gnuplot-nox redis-server:redis-server curl:curl; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair##*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        log "installing ${missing[*]}"
        apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q "${missing[@]}" >/dev/null; }
    else
        die "missing ${missing[*]}; install them (apt-get install ${missing[*]})"
    fi
fi
command -v dotnet >/dev/null || die "the .NET SDK is not on PATH"

if [[ "$QUICK" == 1 ]]; then
    RUNS=10; HTTP_DURATION=3; HTTP_WARMUP=1; HTTP_WARMUP_JIT=0; HTTP_ROUNDS=1; LOAD_DURATION=10; BDN_JOB=dry
else
    RUNS=50; HTTP_DURATION=15; HTTP_WARMUP=5; HTTP_WARMUP_JIT=30; HTTP_ROUNDS=3; LOAD_DURATION=60; BDN_JOB=short
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mcpgen-suite.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
RESULTS="$TMP/results.tsv"
: > "$RESULTS"
RID="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"

# ---- binaries --------------------------------------------------------------------------------------
publish() { # project-path output-dir [extra args]
    local project="$1" out="$2"; shift 2
    log "publishing $(basename "$project" .csproj) with Native AOT"
    dotnet publish "$REPO/$project" -c Release -r "$RID" -o "$out" --nologo -v q "$@" >&2 || die "publish of $project failed"
}
publish samples/QuickStart/QuickStart.csproj "$TMP/quickstart"
publish samples/HttpQuickStart/HttpQuickStart.csproj "$TMP/httpquickstart"
publish samples/ConformanceServer/ConformanceServer.csproj "$TMP/conformance"
publish benchmarks/stdio/OfficialSdkStdio/OfficialSdkStdio.csproj "$TMP/sdk-stdio" -p:PublishAot=true
publish benchmarks/stdio/HelloWorld/HelloWorld.csproj "$TMP/hello"
# Issue 22: what a plain `dotnet new console` project gets, without InvariantGlobalization (ICU is loaded on first use).
publish benchmarks/stdio/HelloWorld/HelloWorld.csproj "$TMP/hello-icu" -p:InvariantGlobalization=false
publish samples/QuickStart/QuickStart.csproj "$TMP/quickstart-icu" -p:InvariantGlobalization=false
publish benchmarks/stdio/PlainConsole/PlainConsole.csproj "$TMP/plain"
publish benchmarks/stdio/StdioProbe/StdioProbe.csproj "$TMP/probe"
for project in samples/QuickStart/QuickStart.csproj benchmarks/stdio/OfficialSdkStdio/OfficialSdkStdio.csproj; do
    log "building $(basename "$project" .csproj) (JIT)"
    dotnet build "$REPO/$project" -c Release --nologo -v q >&2 || die "build of $project failed"
done
for pair in mcpgen-stdio:quickstart/QuickStart mcpgen-http:httpquickstart/HttpQuickStart conformance:conformance/ConformanceServer \
            sdk-stdio:sdk-stdio/OfficialSdkStdio hello:hello/HelloWorld mcpgen-plain:plain/PlainConsole; do
    printf 'size\t%s\t%s\n' "${pair%%:*}" "$(stat -c %s "$TMP/${pair##*:}")" >> "$RESULTS"
done

# ---- stdio start-up and idle memory -------------------------------------------------------------------
M='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{'"$M"'}}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3},'"$M"'}}' > "$TMP/req.jsonl"
# The README's server has get_forecast instead of add.
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{'"$M"'}}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_forecast","arguments":{"place":"Paris","days":1},'"$M"'}}' > "$TMP/req-forecast.jsonl"
QS_JIT="$REPO/samples/QuickStart/bin/Release/net10.0/QuickStart.dll"
SDK_JIT="$REPO/benchmarks/stdio/OfficialSdkStdio/bin/Release/net10.0/OfficialSdkStdio.dll"
declare -A STDIO_CMD=(
    [hello]="$TMP/hello/HelloWorld"
    [hello-icu]="$TMP/hello-icu/HelloWorld"
    [mcpgen-aot]="$TMP/quickstart/QuickStart"
    [mcpgen-aot-icu]="$TMP/quickstart-icu/QuickStart"
    [mcpgen-plain]="$TMP/plain/PlainConsole"
    [mcpgen-jit]="dotnet $QS_JIT"
    [sdk-aot]="$TMP/sdk-stdio/OfficialSdkStdio"
    [sdk-jit]="dotnet $SDK_JIT"
)
STDIO_ORDER=(hello hello-icu mcpgen-aot mcpgen-aot-icu mcpgen-plain mcpgen-jit sdk-aot sdk-jit)
req_of() { [[ "$1" == mcpgen-plain ]] && echo "$TMP/req-forecast.jsonl" || echo "$TMP/req.jsonl"; }
for key in "${STDIO_ORDER[@]}"; do
    # The probe itself checks the answer; a server that fails makes hyperfine fail.
    "$TMP/probe/StdioProbe" "$(req_of "$key")" 2 ${STDIO_CMD[$key]} || die "$key did not answer tools/call"
done
log "stdio start-up: hyperfine, $RUNS runs each"
args=()
for key in "${STDIO_ORDER[@]}"; do args+=(-n "$key" "$TMP/probe/StdioProbe $(req_of "$key") 2 ${STDIO_CMD[$key]}"); done
hyperfine -N --warmup 3 --runs "$RUNS" --export-csv "$TMP/stdio.csv" "${args[@]}" >&2
# command,mean,stddev,median,user,system,min,max (seconds)
tail -n +2 "$TMP/stdio.csv" | awk -F, '{ printf "stdio\t%s\t%.2f\t%.2f\t%.2f\n", $1, $4 * 1000, $2 * 1000, $3 * 1000 }' >> "$RESULTS"

rss_of() { # command...: resident memory (KiB, as /proc reports it) after answering both requests and idling a second
    local fifo="$TMP/idle.fifo" pid rss
    rm -f "$fifo"; mkfifo "$fifo"
    "$@" < "$fifo" > "$TMP/idle.out" 2>/dev/null &
    pid=$!
    exec 7>"$fifo"
    cat "$TMP/req.jsonl" >&7
    for _ in $(seq 1 100); do [[ $(wc -l < "$TMP/idle.out") -ge 2 ]] && break; sleep 0.05; done
    sleep 1
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")"
    exec 7>&-
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    echo "$rss"
}
for key in mcpgen-aot mcpgen-jit sdk-aot sdk-jit; do
    printf 'rss\t%s\t%s\n' "$key" "$(rss_of ${STDIO_CMD[$key]})" >> "$RESULTS"
done

# ---- HTTP ---------------------------------------------------------------------------------------------
log "HTTP: wrk, $HTTP_ROUNDS interleaved rounds of ${HTTP_DURATION} s per server"
DURATION="$HTTP_DURATION" WARMUP="$HTTP_WARMUP" WARMUP_JIT="$HTTP_WARMUP_JIT" ROUNDS="$HTTP_ROUNDS" RESULTS_TSV="$RESULTS" \
    bash "$HERE/http/run.sh" --aot > "$TMP/http.md" || die "the HTTP benchmark failed"

# ---- in-process: dispatch and the generator (BenchmarkDotNet) -------------------------------------------
log "BenchmarkDotNet: dispatch"
(cd "$HERE/McpGen.Benchmarks" && dotnet run -c Release -- --job "$BDN_JOB" --artifacts "$TMP/bdn" \
    --filter '*DispatchBenchmarks.Echo' '*DispatchBenchmarks.RecordInRecordOut' '*DispatchBenchmarks.ReadTemplate' >&2) || die "dispatch benchmarks failed"
log "BenchmarkDotNet: generator, 1,000 tools"
(cd "$HERE/McpGen.GeneratorBenchmarks" && dotnet run -c Release -- --job "$BDN_JOB" --artifacts "$TMP/bdn" --filter '*' >&2) || die "generator benchmarks failed"
log "build cost: 1,000 tools"
MCPGEN_BUILD_COST_DIR="$TMP/build-cost" bash "$HERE/build-cost/run.sh" 1000 > "$TMP/build-cost.txt" 2>&1 || { cat "$TMP/build-cost.txt" >&2; die "build-cost failed"; }

# ---- load ----------------------------------------------------------------------------------------------
log "load: 200 clients for ${LOAD_DURATION} s, one instance then two sharing Redis"
CLIENTS=200 DURATION="$LOAD_DURATION" RESULTS_TSV="$RESULTS" bash "$HERE/load/run.sh" > "$TMP/load.txt" || { cat "$TMP/load.txt" >&2; die "the load test failed"; }

# ---- report ----------------------------------------------------------------------------------------------
get() { awk -F'\t' -v k="$1" -v n="$2" -v c="$3" '$1 == k && $2 == n { print $c; exit }' "$RESULTS"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }   # MB = 10^6 bytes throughout the docs
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f×", a / b }'; }
label() {
    case "$1" in
        hello) echo "AOT hello world (the floor)" ;;
        hello-icu) echo "AOT hello world, no InvariantGlobalization" ;;
        mcpgen-aot) echo "McpGen QuickStart, Native AOT" ;;
        mcpgen-aot-icu) echo "McpGen QuickStart, Native AOT, no InvariantGlobalization" ;;
        mcpgen-plain) echo "McpGen README server, plain console, Native AOT" ;;
        mcpgen-jit) echo "McpGen QuickStart, JIT" ;;
        sdk-aot) echo "Official SDK 2.4.0, Native AOT" ;;
        sdk-jit) echo "Official SDK 2.4.0, JIT" ;;
    esac
}
http_label() {
    case "$1" in
        mcpgen) echo "McpGen, JIT" ;;
        mcpgen-aot) echo "McpGen, Native AOT" ;;
        official) echo "Official SDK 2.4.0 stateless, JIT" ;;
        official-aot) echo "Official SDK 2.4.0 stateless, Native AOT" ;;
        bridge) echo "Official SDK 2.4.0 + McpGen bridge, JIT" ;;
        bridge-aot) echo "Official SDK 2.4.0 + McpGen bridge, Native AOT" ;;
        bare) echo "Bare Kestrel, fixed body" ;;
    esac
}
bdn_rows() { # the Method/Mean/Allocated columns of a BenchmarkDotNet GitHub report
    awk -F'|' '/^\|/ && !header { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); col[h] = i }; header = 1; next }
        /^\|[- :|]+$/ { next }
        /^\|/ { m = $col["Method"]; gsub(/^ +| +$/, "", m); gsub(/&#39;/, "", m)
            printf "| %s |%s|%s|\n", m, $col["Mean"], $col["Allocated"] }' "$1"
}

http_rps() { get http "$1" 3; }
stdio_ms() { get stdio "$1" 3; }
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
{
    echo "<!-- BEGIN benchmarks/run.sh: this section is written by the suite; edit the script, not the numbers. -->"
    echo "## The suite (\`bash benchmarks/run.sh\`)"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC')$([[ "$QUICK" == 1 ]] && echo ' with QUICK=1 (short runs: rough numbers)') on $(nproc) cores ($cpu),"
    echo "$(awk '{ printf "%.0f GiB", $2 / 1048576; exit }' /proc/meminfo) RAM, .NET SDK $(dotnet --version), $(uname -sr). Load generators share the cores with"
    echo "the servers over loopback, so read ratios, not absolute numbers."
    echo
    echo "![McpGen against the official C# SDK](performance.png)"
    echo
    echo "| Target (issue 8) | Measured | Met |"
    echo "|---|---:|:-:|"
    target_row() { # text value limit direction(le|ge) shown
        awk -v t="$1" -v v="$2" -v l="$3" -v d="$4" -v s="$5" 'BEGIN { ok = (d == "le") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); printf "| %s | %s | %s |\n", t, s, ok ? "yes" : "**no**" }'
    }
    s_aot="$(stdio_ms mcpgen-aot)"; s_sdk="$(stdio_ms sdk-aot)"
    target_row "stdio AOT start → first answer ≤ 12 ms (median)" "$s_aot" 12 le "$s_aot ms"
    target_row "stdio AOT, no InvariantGlobalization: ≤ 2 ms over the floor (issue 22)" "$(awk -v a="$(stdio_ms mcpgen-aot-icu)" -v b="$(stdio_ms hello)" 'BEGIN { print a - b }')" 2 le "$(awk -v a="$(stdio_ms mcpgen-aot-icu)" -v b="$(stdio_ms hello)" 'BEGIN { printf "+%.2f ms", a - b }')"
    target_row "stdio start-up ≥ 3× faster than the SDK's AOT server" "$(awk -v a="$s_sdk" -v b="$s_aot" 'BEGIN { print a / b }')" 3 ge "$(ratio "$s_sdk" "$s_aot")"
    target_row "stdio binary ≤ 5 MB" "$(get size mcpgen-stdio 3)" 5000000 le "$(mb "$(get size mcpgen-stdio 3)")"
    target_row "HTTP binary ≤ 12 MB (HttpQuickStart)" "$(get size mcpgen-http 3)" 12000000 le "$(mb "$(get size mcpgen-http 3)")"
    target_row "idle RSS ≤ 15 MB (stdio AOT)" "$(get rss mcpgen-aot 3)" 14648 le "$(awk -v k="$(get rss mcpgen-aot 3)" 'BEGIN { printf "%.1f MB", k * 1024 / 1000000 }')"
    target_row "HTTP req/s ≥ 2.5× the SDK (JIT / JIT)" "$(awk -v a="$(http_rps mcpgen)" -v b="$(http_rps official)" 'BEGIN { print a / b }')" 2.5 ge "$(ratio "$(http_rps mcpgen)" "$(http_rps official)")"
    target_row "HTTP req/s ≥ 2.5× the SDK (AOT / AOT)" "$(awk -v a="$(http_rps mcpgen-aot)" -v b="$(http_rps official-aot)" 'BEGIN { print a / b }')" 2.5 ge "$(ratio "$(http_rps mcpgen-aot)" "$(http_rps official-aot)")"
    target_row "HTTP req/s ≥ 0.8× bare Kestrel (McpGen JIT)" "$(awk -v a="$(http_rps mcpgen)" -v b="$(http_rps bare)" 'BEGIN { print a / b }')" 0.8 ge "$(ratio "$(http_rps mcpgen)" "$(http_rps bare)")"
    target_row "≤ 4 KB allocated per HTTP call" "$(get http mcpgen 6)" 4096 le "$(get http mcpgen 6) B"
    for label_key in one-instance two-instances; do
        target_row "load, $label_key: zero errors" "$(get load "$label_key" 9)" 0 le "$(get load "$label_key" 9) errors in $(get load "$label_key" 6) requests"
    done
    echo
    echo "### stdio: process start → answer to \`tools/call\` (after \`server/discover\`)"
    echo
    echo "\`StdioProbe\` (a Native AOT program, the same for every row) starts the server, writes both requests and stops at the"
    echo "answer to the second; hyperfine times it, $RUNS runs after 3 warm-ups. The SDK's server answers the same 2026-07-28"
    echo "requests. Idle memory: resident set after answering both and idling a second. The \"no InvariantGlobalization\" rows"
    echo "are what a plain \`dotnet new console\` project gets; the README server (benchmarks/stdio/PlainConsole) answers"
    echo "\`get_forecast\`, which dates from \`DateTime.UtcNow\` and writes dates without a culture, so neither ICU nor the time zone is loaded (see \"Stdio start-up: where the milliseconds go\")."
    echo
    echo "| Server | Median | Mean ± σ | Idle RSS | Binary |"
    echo "|---|---:|---:|---:|---:|"
    for key in "${STDIO_ORDER[@]}"; do
        size=""; case "$key" in hello) size="$(mb "$(get size hello 3)")" ;; mcpgen-plain) size="$(mb "$(get size mcpgen-plain 3)")" ;; mcpgen-aot) size="$(mb "$(get size mcpgen-stdio 3)")" ;; sdk-aot) size="$(mb "$(get size sdk-stdio 3)")" ;; *) size="—" ;; esac
        rss="$(get rss "$key" 3)"; [[ -n "$rss" ]] && rss="$(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k * 1024 / 1000000 }')" || rss="—"
        printf '| %s | %s ms | %s ± %s ms | %s | %s |\n' "$(label "$key")" "$(get stdio "$key" 3)" "$(get stdio "$key" 4)" "$(get stdio "$key" 5)" "$rss" "$size"
    done
    echo
    echo "### Streamable HTTP: one echo \`tools/call\` per request (wrk)"
    echo
    echo "\`benchmarks/http/run.sh --aot\` with DURATION=$HTTP_DURATION, ROUNDS=$HTTP_ROUNDS (interleaved, median round), 64 connections. The bridge"
    echo "rows are the official SDK's server with the same tool registered through \`WithMcpGen<TServer>()\` instead of \`WithTools<T>()\`."
    echo
    echo "| Server | Req/s | p50 | p99 | Allocated per request | Rounds |"
    echo "|---|---:|---:|---:|---:|---|"
    for key in mcpgen mcpgen-aot official official-aot bridge bridge-aot bare; do
        awk -F'\t' -v k="$key" -v l="$(http_label "$key")" '$1 == "http" && $2 == k { printf "| %s | %.0f | %.2f ms | %.2f ms | %s B | %s |\n", l, $3, $4 / 1000, $5 / 1000, $6, $7 }' "$RESULTS"
    done
    echo
    echo "### Native AOT binary sizes (linux-x64, single file)"
    echo
    echo "| Binary | Size |"
    echo "|---|---:|"
    echo "| McpGen QuickStart (stdio) | $(mb "$(get size mcpgen-stdio 3)") |"
    echo "| McpGen HttpQuickStart (Streamable HTTP) | $(mb "$(get size mcpgen-http 3)") |"
    echo "| McpGen echo benchmark server (HTTP) | $(mb "$(get size mcpgen-aot 3)") |"
    echo "| McpGen ConformanceServer (HTTP, every fixture, SDK content types) | $(mb "$(get size conformance 3)") |"
    echo "| Official SDK 2.4.0 stdio server | $(mb "$(get size sdk-stdio 3)") |"
    echo "| Official SDK 2.4.0 HTTP server | $(mb "$(get size official-aot 3)") |"
    echo "| AOT hello world | $(mb "$(get size hello 3)") |"
    echo
    echo "### In-process dispatch (BenchmarkDotNet, job \`$BDN_JOB\`)"
    echo
    echo "| Benchmark | Mean | Allocated |"
    echo "|---|---:|---:|"
    bdn_rows "$(ls "$TMP"/bdn/results/*DispatchBenchmarks-report-github.md)"
    echo
    echo "### The generator on 1,000 tools"
    echo
    echo "In process, as the compiler and the IDE host it (BenchmarkDotNet, job \`$BDN_JOB\`, Roslyn 4.14 hosting it):"
    echo
    echo "| Run | Mean | Allocated |"
    echo "|---|---:|---:|"
    bdn_rows "$(ls "$TMP"/bdn/results/*GeneratorBenchmarks-report-github.md)"
    echo
    echo "In a real build (\`benchmarks/build-cost/run.sh 1000\`, the compiler's own \`-p:ReportAnalyzer=true\` accounting):"
    echo
    sed -n -E 's/^(cold .*|warm median.*)$/- \1/p' "$TMP/build-cost.txt"
    echo
    echo "### Load: 200 concurrent clients, ${LOAD_DURATION} s (\`benchmarks/load/run.sh\`)"
    echo
    echo "\`samples/ScaleOutServer\` (JIT) with its notes, events and tasks in one local Redis. Each client writes its note on"
    echo "one instance and reads it back from the other; every tenth round starts a task on one instance and polls it to"
    echo "completion on the other. Memory: total resident set of the instances, over the second half of the run, with"
    echo "workstation GC (Server GC's adaptive heap count grows a fresh process's resident set for minutes; \`GC=server\`"
    echo "runs it that way)."
    echo
    echo "| Instances | Requests | Req/s | Tasks completed | Errors | p50 | p99 | Max | RSS max | RSS, second half |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    awk -F'\t' '$1 == "load" { printf "| %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s MB | %s → %s MB |\n", $3, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 }' "$RESULTS"
    echo
    echo "<!-- END benchmarks/run.sh -->"
} > "$TMP/section.md"

# Replace the suite's section of the doc (or put it first, after the title and intro, when it is not there yet).
if grep -q '^<!-- BEGIN benchmarks/run.sh' "$DOC"; then
    awk -v f="$TMP/section.md" '/^<!-- BEGIN benchmarks\/run.sh/ { while ((getline l < f) > 0) print l; skip = 1; next }
        /^<!-- END benchmarks\/run.sh -->/ { skip = 0; next } !skip' "$DOC" > "$TMP/doc.md"
else
    awk -v f="$TMP/section.md" '!done && /^## / { while ((getline l < f) > 0) print l; print ""; done = 1 } { print }' "$DOC" > "$TMP/doc.md"
fi
cp "$TMP/doc.md" "$DOC"

# ---- chart -------------------------------------------------------------------------------------------------
for key in "${STDIO_ORDER[@]}"; do printf '"%s"\t%s\n' "$(label "$key" | sed 's/QuickStart, //;s/ (the floor)//')" "$(get stdio "$key" 3)"; done > "$TMP/stdio.dat"
for key in mcpgen mcpgen-aot official official-aot bare; do printf '"%s"\t%s\n' "$(http_label "$key" | sed 's/ stateless//;s/, fixed body//')" "$(http_rps "$key")"; done > "$TMP/http.dat"
{
    printf '"McpGen stdio"\t%s\n' "$(get size mcpgen-stdio 3)"; printf '"SDK stdio"\t%s\n' "$(get size sdk-stdio 3)"
    printf '"McpGen HTTP"\t%s\n' "$(get size mcpgen-http 3)"; printf '"SDK HTTP"\t%s\n' "$(get size official-aot 3)"
} | awk -F'\t' '{ printf "%s\t%.2f\n", $1, $2 / 1000000 }' > "$TMP/size.dat"
gnuplot <<GNUPLOT
set terminal pngcairo size 1500,560 font "sans,10"
set bmargin 7
set output "$CHART"
set multiplot layout 1,3 title "McpGen and the official C# SDK 2.4.0 — $(nproc) cores, loopback, $(date -u '+%Y-%m-%d')"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.8
set grid ytics
set xtics rotate by -25 nomirror
set yrange [0:*]
set title "stdio: start → first answer, ms (lower is better)"
plot "$TMP/stdio.dat" using 2:xtic(1) notitle linecolor rgb "#2f6db5", '' using 0:2:(sprintf("%.1f", \$2)) with labels offset 0,0.7 notitle
set title "HTTP: tools/call per second (higher is better)"
plot "$TMP/http.dat" using 2:xtic(1) notitle linecolor rgb "#3a9b54", '' using 0:2:(sprintf("%.0f", \$2)) with labels offset 0,0.7 notitle
set title "Native AOT binary, MB (lower is better)"
plot "$TMP/size.dat" using 2:xtic(1) notitle linecolor rgb "#c4622d", '' using 0:2:(sprintf("%.1f", \$2)) with labels offset 0,0.7 notitle
unset multiplot
GNUPLOT

log "wrote $DOC and $CHART"
sed -n '/^| Target (issue 8)/,/^$/p' "$TMP/section.md"
