#!/usr/bin/env bash
# Starts the research agents: redis-server and two instances of each agent (8 processes), all on 127.0.0.1.
#   bash samples/ResearchAgents/run.sh          (needs redis-server and the .NET SDK; Ctrl+C stops everything)
# REDIS_PORT picks Redis's port (default: a free one); WORK_MS how long each tool works (default 1500);
# LEASE how long a task's lease lasts (default 00:00:05); CONFIGURATION (default Release); NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIGURATION=${CONFIGURATION:-Release}
WORK_MS=${WORK_MS:-1500}
LEASE=${LEASE:-00:00:05}
DLL="samples/ResearchAgents/bin/$CONFIGURATION/net10.0/ResearchAgents.dll"
free() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 1 || return 0; }
if [[ -z "${REDIS_PORT:-}" ]]; then
  REDIS_PORT=6390
  until free "$REDIS_PORT"; do REDIS_PORT=$((REDIS_PORT + 1)); done
fi

[[ "${NO_BUILD:-}" == 1 ]] || dotnet build samples/ResearchAgents -c "$CONFIGURATION" -nologo -v quiet >/dev/null
for port in 5101 5102 5201 5202 5301 5302 5401 5402; do
  free "$port" || { echo "port $port is in use: stop what listens there first" >&2; exit 1; }
done

PIDS=()
DATA=$(mktemp -d)
LOGS=${LOGS:-$DATA}
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping ${#PIDS[@]} processes"
  kill "${PIDS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$DATA"
}
trap stop INT TERM EXIT

# Append-only persistence: a Redis restart loses no task and no link.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync always --dir "$DATA" >"$LOGS/redis.log" 2>&1 &
PIDS+=($!)
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done

PEERS=(--Agents:Search:0 http://127.0.0.1:5201/mcp --Agents:Search:1 http://127.0.0.1:5202/mcp
       --Agents:Summarize:0 http://127.0.0.1:5301/mcp --Agents:Summarize:1 http://127.0.0.1:5302/mcp
       --Agents:Cite:0 http://127.0.0.1:5401/mcp --Agents:Cite:1 http://127.0.0.1:5402/mcp)
start() { # agent port
  dotnet "$DLL" --agent "$1" --urls "http://127.0.0.1:$2" --Redis "127.0.0.1:$REDIS_PORT" --Agents:WorkMs "$WORK_MS" \
    --McpGen:Tasks:LeaseDuration "$LEASE" "${PEERS[@]}" >"$LOGS/$1-$2.log" 2>&1 &
  PIDS+=($!)
  echo "$1 on http://127.0.0.1:$2/mcp (pid $!)"
}
start research 5101; start research 5102
start search 5201; start search 5202
start summarize 5301; start summarize 5302
start cite 5401; start cite 5402
for port in 5101 5102 5201 5202 5301 5302 5401 5402; do
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
done

cat <<TXT

All 8 agents answer /healthz; Redis is on 127.0.0.1:$REDIS_PORT, logs in $LOGS.
Ask a question (the answer is a task):
  META='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}'
  curl -s http://127.0.0.1:5101/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: research' \\
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"research\",\"arguments\":{\"question\":\"Why is the sky blue?\"},\$META}}"
Then poll it on either research instance (tasks/get with the taskId), and look at its links:
  redis-cli -p $REDIS_PORT hget research-agents:research:tasks:<taskId> d
  redis-cli -p $REDIS_PORT --scan --pattern 'research-agents:runs:*'
Kill an instance (kill -9 <pid>) mid-question and watch the chain finish anyway. Ctrl+C stops everything.
TXT
wait
