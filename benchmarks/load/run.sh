#!/usr/bin/env bash
# Load test of samples/ScaleOutServer on loopback: CLIENTS concurrent clients for DURATION seconds against one
# instance, then against two instances sharing one Redis (notes, change events and tasks live there). Fails if any
# request fails or answers wrongly. Starts its own redis-server (no persistence) on a free port.
#
#   bash benchmarks/load/run.sh            # CLIENTS=200 DURATION=60 MAX_REQUESTS=3000000 by default
#   SCENARIO=limits bash benchmarks/load/run.sh   # the memory scenario of issue 20 instead, on one instance:
#       LISTENERS=200 stalled subscriptions/listen streams while PUBLISHERS=8 clients write notes for DURATION seconds
#       (20 by default here), ROUNDS=2 times, then HUGE_FILTERS=20 listen requests of a million URIs; RSS at each step.
#
# RESULTS_TSV (optional): a file to append machine-readable rows to, for benchmarks/run.sh.
# GC (workstation by default, or server): the servers' garbage collector. With Server GC, the dynamic heap count of a
# fresh process keeps growing its resident set for minutes while it adapts to the load, which hides whether memory
# stays flat; workstation GC keeps the resident set close to the live heap. Throughput differs little here.
set -euo pipefail
case "${GC:-workstation}" in
    workstation) export DOTNET_gcServer=0 ;;
    server) export DOTNET_gcServer=1 ;;
    *) echo "GC must be workstation or server" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CLIENTS="${CLIENTS:-200}"
LIMITS_DURATION="${DURATION:-20}"
DURATION="${DURATION:-60}"
MAX_REQUESTS="${MAX_REQUESTS:-3000000}"
for tool in dotnet redis-server redis-cli curl; do
    command -v "$tool" >/dev/null || { echo "load/run.sh: '$tool' is not on PATH (apt-get install redis-server curl)" >&2; exit 1; }
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mcpgen-load.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port" >&2; exit 1
}

echo "==> building ScaleOutServer and LoadTest (Release)" >&2
dotnet build "$REPO/samples/ScaleOutServer/ScaleOutServer.csproj" -c Release --nologo -v q >&2
dotnet build "$HERE/LoadTest/LoadTest.csproj" -c Release --nologo -v q >&2

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$TMP/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Every instance shares the key that seals requestState, as behind a real load balancer. The clients are anonymous,
# so they are one caller to the task limits: 200 of them may have more than the default 100 unfinished tasks
# (MaxActiveTasksPerCaller) at once, which the server would rightly refuse. This test measures load, not that limit
# (tests cover it), so the limit is set above the number of clients.
KEY="$(head -c 32 /dev/urandom | base64)"
start_instance() { # port -> pid (runs in a command substitution: the caller adds the pid to PIDS for cleanup)
    dotnet "$REPO/samples/ScaleOutServer/bin/Release/net10.0/ScaleOutServer.dll" --urls "http://127.0.0.1:$1" \
        --Redis "127.0.0.1:$REDIS_PORT" --McpGen:RequestState:Keys "$KEY" --McpGen:Tasks:MaxActiveTasksPerCaller $((CLIENTS * 2)) \
        --Logging:LogLevel:Default Warning >"$TMP/server-$1.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 300); do
        curl -s -o /dev/null "http://127.0.0.1:$1/mcp" && { echo "$pid"; return; }
        kill -0 "$pid" 2>/dev/null || { cat "$TMP/server-$1.log" >&2; echo "instance on $1 exited" >&2; exit 1; }
        sleep 0.1
    done
    echo "instance on $1 did not answer" >&2; exit 1
}

run_load() { # label pids urls
    dotnet "$HERE/LoadTest/bin/Release/net10.0/LoadTest.dll" --label "$1" --pids "$2" --targets "$3" \
        --clients "$CLIENTS" --duration "$DURATION" --max-requests "$MAX_REQUESTS" ${RESULTS_TSV:+--tsv "$RESULTS_TSV"}
}

if [ "${SCENARIO:-load}" = limits ]; then
    P1="$(free_port)"; A="$(start_instance "$P1")"; PIDS+=("$A")
    echo "==> stalled listeners and huge filters, one instance" >&2
    status=0
    dotnet "$HERE/LoadTest/bin/Release/net10.0/LoadTest.dll" --scenario limits --label limits --pids "$A" --targets "http://127.0.0.1:$P1/mcp" \
        --listeners "${LISTENERS:-200}" --publishers "${PUBLISHERS:-8}" --huge-filters "${HUGE_FILTERS:-20}" --rounds "${ROUNDS:-2}" --duration "$LIMITS_DURATION" || status=1
    echo "  server warnings: $(grep -c 'MaxStreamBufferBytes' "$TMP/server-$P1.log" || true) streams ended for not reading" >&2
    exit "$status"
fi

status=0
P1="$(free_port)"; A="$(start_instance "$P1")"; PIDS+=("$A")
echo "==> one instance, $CLIENTS clients, $DURATION s" >&2
run_load one-instance "$A" "http://127.0.0.1:$P1/mcp" || status=1

P2="$(free_port)"; B="$(start_instance "$P2")"; PIDS+=("$B")
echo "==> two instances sharing Redis, $CLIENTS clients, $DURATION s" >&2
run_load two-instances "$A,$B" "http://127.0.0.1:$P1/mcp,http://127.0.0.1:$P2/mcp" || status=1
exit "$status"
