#!/usr/bin/env bash
# samples/ScaleOutServer as operators run it: three instances behind HAProxy (haproxy.cfg next to this script), on one
# Redis, with one command. Everything binds to 127.0.0.1 on free ports; nothing is persisted.
#
#   bash benchmarks/scaleout/run.sh --keep          # serve: leave it all running and print where to point a client
#   bash benchmarks/scaleout/run.sh                 # SCENARIO=all: the four fault runs below, one after another
#   SCENARIO=kill bash benchmarks/scaleout/run.sh   # SIGKILL instance 2 a third of the way in, restart it 5 s later
#   SCENARIO=rolling ...                            # SIGTERM each instance in turn, restart it, wait for readiness
#   SCENARIO=redis-failover ...                     # Redis primary + replica + 3 sentinels; SIGKILL the primary
#   SCENARIO=cluster-failover ...                   # Redis Cluster (3 primaries, 3 replicas); SIGKILL the primary
#                                                   # holding the tasks' slot ({mcpgen:tasks})
#   SCENARIO=ci ...                                 # one kill, then one rolling restart, in one 40 s run (.ci/run)
#
# Each fault run drives CLIENTS clients (200) for DURATION seconds (60) through the balancer with LoadTest's "faults"
# scenario (benchmarks/load/LoadTest/Faults.cs): requests and failures (retryable vs wrong), tasks (lost and stuck must
# be 0), notifications on LISTENERS listen streams (10), and the resident memory of each instance slot. Exits non-zero
# on any wrong answer or any lost or stuck task. RESULTS_TSV (optional) gets one machine-readable row per run.
# Knobs: DRAIN_DELAY (McpGen:Http:DrainDelay, 00:00:02), LEASE (McpGen:Tasks:LeaseDuration, 00:00:05), TASK_CLIENTS (16).
# HAProxy is installed with apt-get when missing (sudo when not root).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SCENARIO="${SCENARIO:-all}"
[ "${1:-}" = "--keep" ] && SCENARIO=serve
CLIENTS="${CLIENTS:-200}"
# The ci run needs 40 s: a rolling restart of three instances takes about 25 s (per instance: 2 s drain, 1 s stop,
# 2-3 s to start and answer ready, 1.5 s for HAProxy's rise), after the kill and restart of one.
if [ "$SCENARIO" = ci ]; then DURATION="${DURATION:-40}"; else DURATION="${DURATION:-60}"; fi
LISTENERS="${LISTENERS:-10}"
TASK_CLIENTS="${TASK_CLIENTS:-16}"
DRAIN_DELAY="${DRAIN_DELAY:-00:00:02}"
LEASE="${LEASE:-00:00:05}"
export DOTNET_gcServer=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in dotnet redis-server redis-cli curl; do
    command -v "$tool" >/dev/null || { echo "scaleout/run.sh: '$tool' is not on PATH (apt-get install redis-server curl)" >&2; exit 1; }
done
if ! command -v haproxy >/dev/null; then
    echo "==> installing haproxy" >&2
    as_root=()
    [ "$(id -u)" = 0 ] || as_root=(sudo)
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq haproxy >/dev/null
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mcpgen-scaleout.XXXXXX")"
PIDS=()
stop_all() {
    for pid in "${PIDS[@]}" $(cat "$TMP"/slot-*.pid 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    PIDS=()
    rm -f "$TMP"/slot-*.pid
}
trap 'stop_all; rm -rf "$TMP"' EXIT

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port" >&2; exit 1
}
wait_for() { # seconds command...: until the command succeeds
    local limit=$(($1 * 10)); shift
    for _ in $(seq 1 "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "timed out waiting for: $*" >&2; return 1
}

echo "==> building ScaleOutServer and LoadTest (Release)" >&2
dotnet build "$REPO/samples/ScaleOutServer/ScaleOutServer.csproj" -c Release --nologo -v q >&2
dotnet build "$REPO/benchmarks/load/LoadTest/LoadTest.csproj" -c Release --nologo -v q >&2

# --- Redis: one server, or a primary, a replica and three sentinels -------------------------------------------------
start_redis() {
    REDIS_PORT="$(free_port)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" >"$TMP/redis.log" 2>&1 &
    PIDS+=($!)
    wait_for 10 redis-cli -p "$REDIS_PORT" ping
    REDIS_CONF="127.0.0.1:$REDIS_PORT"
}
start_redis_sentinel() {
    REDIS_PORT="$(free_port)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" >"$TMP/redis-primary.log" 2>&1 &
    PRIMARY_PID=$!; PIDS+=($!)
    wait_for 10 redis-cli -p "$REDIS_PORT" ping
    REPLICA_PORT="$(free_port)"
    redis-server --port "$REPLICA_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --replicaof 127.0.0.1 "$REDIS_PORT" >"$TMP/redis-replica.log" 2>&1 &
    PIDS+=($!)
    wait_for 20 sh -c "redis-cli -p $REPLICA_PORT info replication | grep -q 'master_link_status:up'"
    SENTINELS=()
    for n in 1 2 3; do
        local port; port="$(free_port)"
        cat >"$TMP/sentinel-$n.conf" <<EOF
port $port
bind 127.0.0.1
dir $TMP
sentinel monitor mymaster 127.0.0.1 $REDIS_PORT 2
sentinel down-after-milliseconds mymaster 1000
sentinel failover-timeout mymaster 5000
sentinel parallel-syncs mymaster 1
EOF
        redis-server "$TMP/sentinel-$n.conf" --sentinel >"$TMP/sentinel-$n.log" 2>&1 &
        PIDS+=($!)
        SENTINELS+=("127.0.0.1:$port")
    done
    # Every sentinel knows the replica and the other sentinels before the run starts.
    for s in "${SENTINELS[@]}"; do
        wait_for 30 sh -c "redis-cli -p ${s#*:} sentinel master mymaster | grep -A1 -x 'num-other-sentinels' | tail -1 | grep -qx 2"
        wait_for 30 sh -c "redis-cli -p ${s#*:} sentinel master mymaster | grep -A1 -x 'num-slaves' | tail -1 | grep -qx 1"
    done
    # StackExchange.Redis asks the sentinels for the primary of "mymaster" and follows it when they fail over.
    REDIS_CONF="$(IFS=,; echo "${SENTINELS[*]}"),serviceName=mymaster"
}

start_redis_cluster() {
    # Three primaries with one replica each (cluster-enabled); every instance is given all six nodes.
    CLUSTER_PORTS=(); declare -gA CLUSTER_PIDS=()
    for n in 1 2 3 4 5 6; do
        local port; port="$(free_port)"
        mkdir -p "$TMP/cluster-$port"
        (cd "$TMP/cluster-$port" && exec redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
            --cluster-config-file nodes.conf --cluster-node-timeout 1000 --save '' --appendonly no \
            --repl-diskless-sync-delay 0) >"$TMP/cluster-$port.log" 2>&1 &
        CLUSTER_PIDS[$port]=$!; PIDS+=($!); CLUSTER_PORTS+=("$port")
    done
    for port in "${CLUSTER_PORTS[@]}"; do wait_for 10 redis-cli -p "$port" ping; done
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${CLUSTER_PORTS[@]}") --cluster-replicas 1 --cluster-yes >"$TMP/cluster-create.log" 2>&1
    for port in "${CLUSTER_PORTS[@]}"; do
        wait_for 30 sh -c "redis-cli -p $port cluster info | grep -q cluster_state:ok"
        wait_for 30 sh -c "redis-cli -p $port info replication | grep -q role:master || redis-cli -p $port info replication | grep -q master_link_status:up"
    done
    REDIS_CONF="$(printf '127.0.0.1:%s,' "${CLUSTER_PORTS[@]}")"; REDIS_CONF="${REDIS_CONF%,}"
}
cluster_primary_of() { # key: the port of the primary serving its slot now
    local any="$1" key="$2" slot
    slot="$(redis-cli -p "$any" cluster keyslot "$key")"
    redis-cli -p "$any" cluster nodes | awk -v s="$slot" '$3 ~ /master/ && $3 !~ /fail/ {
        for (i = 9; i <= NF; i++) { n = split($i, r, "-"); if (n == 1) r[2] = r[1]; if (s + 0 >= r[1] + 0 && s + 0 <= r[2] + 0) { split($2, a, "[:@]"); print a[2] } } }'
}

# --- Instances: three slots on fixed ports, so a restarted instance comes back where HAProxy expects it ---------------
KEY="$(head -c 32 /dev/urandom | base64)"   # the requestState key every instance shares
start_slot() { # slot
    local port="${SLOT_PORTS[$1]}"
    McpGen__RequestState__Keys__0="$KEY" McpGen__Tasks__LeaseDuration="$LEASE" McpGen__Http__DrainDelay="$DRAIN_DELAY" \
        dotnet "$REPO/samples/ScaleOutServer/bin/Release/net10.0/ScaleOutServer.dll" --urls "http://127.0.0.1:$port" \
        --Redis "$REDIS_CONF" --Logging:LogLevel:Default Warning >>"$TMP/server-$1.log" 2>&1 &
    echo $! >"$TMP/slot-$1.pid"
}
ready_slot() { # slot: until /healthz/ready answers 200
    wait_for 60 sh -c "curl -sf -o /dev/null http://127.0.0.1:${SLOT_PORTS[$1]}/healthz/ready" || { cat "$TMP/server-$1.log" >&2; return 1; }
}
start_fleet() {
    SLOT_PORTS=(x "$(free_port)" "$(free_port)" "$(free_port)")
    for n in 1 2 3; do start_slot "$n"; done
    for n in 1 2 3; do ready_slot "$n"; done
    LB_PORT="$(free_port)"
    LB_PORT="$LB_PORT" MCP_SERVER_1="127.0.0.1:${SLOT_PORTS[1]}" MCP_SERVER_2="127.0.0.1:${SLOT_PORTS[2]}" MCP_SERVER_3="127.0.0.1:${SLOT_PORTS[3]}" \
        haproxy -db -f "$HERE/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
    PIDS+=($!)
    # Up once all three instances have answered through it (each answer names its server).
    wait_for 30 sh -c "for i in 1 2 3 4 5 6; do curl -s -D - -o /dev/null http://127.0.0.1:$LB_PORT/healthz/ready; done | grep -i '^x-mcpgen-server' | sort -u | wc -l | grep -qx 3"
    URL="http://127.0.0.1:$LB_PORT/mcp"
}

# --- Faults ----------------------------------------------------------------------------------------------------------
T0=0
log() { echo "  [t+$(( $(date +%s) - T0 ))s] $*" >&2; }
kill_one() { # slot
    local pid; pid="$(cat "$TMP/slot-$1.pid")"
    log "SIGKILL instance $1 (pid $pid)"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    sleep "${RESTART_AFTER:-5}"
    start_slot "$1"; ready_slot "$1"
    log "instance $1 restarted and ready (pid $(cat "$TMP/slot-$1.pid"))"
}
rolling_restart() {
    for n in 1 2 3; do
        local pid; pid="$(cat "$TMP/slot-$n.pid")"
        log "SIGTERM instance $n (pid $pid)"
        kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
        log "instance $n exited"
        start_slot "$n"; ready_slot "$n"
        sleep 1.5   # HAProxy's rise: two passing checks 500 ms apart
        log "instance $n restarted and back in rotation"
    done
}
fail_over() {
    log "SIGKILL the Redis primary (port $REDIS_PORT)"
    kill -9 "$PRIMARY_PID"; wait "$PRIMARY_PID" 2>/dev/null || true
    wait_for 30 sh -c "redis-cli -p ${SENTINELS[0]#*:} sentinel get-master-addr-by-name mymaster | grep -qx $REPLICA_PORT" \
        && log "sentinels promoted the replica (port $REPLICA_PORT)"
}

fail_over_cluster() {
    # The primary that holds every task key (the store's hash tag {mcpgen:tasks}).
    local primary other
    primary="$(cluster_primary_of "${CLUSTER_PORTS[0]}" '{mcpgen:tasks}')"
    for other in "${CLUSTER_PORTS[@]}"; do [ "$other" != "$primary" ] && break; done
    log "SIGKILL the cluster primary holding {mcpgen:tasks} (port $primary)"
    kill -9 "${CLUSTER_PIDS[$primary]}"; wait "${CLUSTER_PIDS[$primary]}" 2>/dev/null || true
    local now=""
    for _ in $(seq 1 300); do
        now="$(cluster_primary_of "$other" '{mcpgen:tasks}')"
        [ -n "$now" ] && [ "$now" != "$primary" ] && redis-cli -p "$other" cluster info | grep -q cluster_state:ok && break
        now=""; sleep 0.1
    done
    [ -n "$now" ] && log "a replica took over; {mcpgen:tasks} is now on port $now" || log "no replica took over within 30 s"
}

run_faults() { # label fault-function
    local status=0
    echo "==> $1: $CLIENTS clients for $DURATION s through HAProxy, 3 instances" >&2
    dotnet "$REPO/benchmarks/load/LoadTest/bin/Release/net10.0/LoadTest.dll" --scenario faults --label "$1" --targets "$URL" \
        --pid-files "$TMP/slot-1.pid,$TMP/slot-2.pid,$TMP/slot-3.pid" --clients "$CLIENTS" --duration "$DURATION" \
        --listeners "$LISTENERS" --task-clients "$TASK_CLIENTS" ${RESULTS_TSV:+--tsv "$RESULTS_TSV"} &
    local load=$!
    T0=$(date +%s)
    "$2"
    kill -0 "$load" 2>/dev/null || echo "  warning: the faults outlasted the load (DURATION=$DURATION is too short for them)" >&2
    wait "$load" || status=1
    return "$status"
}
fault_kill() { sleep $((DURATION / 3)); kill_one 2; }
fault_rolling() { sleep $((DURATION / 6)); rolling_restart; }
fault_redis() { sleep $((DURATION / 3)); fail_over; }
fault_cluster() { sleep $((DURATION / 3)); fail_over_cluster; }
fault_ci() { sleep 3; RESTART_AFTER=2 kill_one 2; rolling_restart; }

status=0
case "$SCENARIO" in
    serve)
        start_redis; start_fleet
        cat <<EOF
MCP endpoint (HAProxy, round-robin over 3 instances): $URL
Instances: http://127.0.0.1:${SLOT_PORTS[1]}/mcp http://127.0.0.1:${SLOT_PORTS[2]}/mcp http://127.0.0.1:${SLOT_PORTS[3]}/mcp (pids in $TMP/slot-*.pid)
Redis: $REDIS_CONF   Logs: $TMP
Try: curl -si $URL -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\
       -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list' \\
       -d '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
Ctrl+C stops everything.
EOF
        wait
        ;;
    kill|rolling|ci)
        start_redis; start_fleet
        run_faults "$SCENARIO" "fault_$SCENARIO" || status=1
        ;;
    redis-failover)
        start_redis_sentinel; start_fleet
        run_faults redis-failover fault_redis || status=1
        ;;
    cluster-failover)
        start_redis_cluster; start_fleet
        run_faults cluster-failover fault_cluster || status=1
        ;;
    all)
        start_redis; start_fleet; run_faults kill fault_kill || status=1; stop_all
        start_redis; start_fleet; run_faults rolling fault_rolling || status=1; stop_all
        start_redis_sentinel; start_fleet; run_faults redis-failover fault_redis || status=1; stop_all
        start_redis_cluster; start_fleet; run_faults cluster-failover fault_cluster || status=1
        ;;
    *) echo "SCENARIO must be serve, kill, rolling, redis-failover, cluster-failover, ci or all" >&2; exit 2 ;;
esac
exit "$status"
