#!/usr/bin/env bash
# Walks a task through its life on two instances sharing Redis (samples/ScaleOutServer):
# created on A, polled on B, A killed mid-task, B takes it over and finishes it; then a task cancelled from the other instance.
#   bash samples/TasksOnRedis/walkthrough.sh        (needs redis-server, curl and the .NET SDK)
# Ports: REDIS_PORT, A_PORT, B_PORT; CONFIGURATION (default Release); NO_BUILD=1 uses the build already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

REDIS_PORT=${REDIS_PORT:-6391} A=${A_PORT:-3101} B=${B_PORT:-3102}
KEY=$(head -c 32 /dev/urandom | base64)
CONFIGURATION=${CONFIGURATION:-Release}
[[ "${NO_BUILD:-}" == 1 ]] || dotnet build samples/ScaleOutServer -c "$CONFIGURATION" -nologo -v quiet >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/dev/null &
REDIS=$!
start() { dotnet "samples/ScaleOutServer/bin/$CONFIGURATION/net10.0/ScaleOutServer.dll" --urls "http://127.0.0.1:$1" --Redis "127.0.0.1:$REDIS_PORT" \
            --McpGen:RequestState:Keys "$KEY" --McpGen:Tasks:LeaseDuration 00:00:02 >/dev/null 2>&1 & echo $!; }
PID_A=$(start "$A"); PID_B=$(start "$B")
trap 'kill $PID_A $PID_B $REDIS 2>/dev/null || true' EXIT
for port in "$A" "$B"; do until curl -s -o /dev/null "http://127.0.0.1:$port/mcp"; do sleep 0.2; done; done

META='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}'
mcp() { # port method name params
  curl -s "http://127.0.0.1:$1/mcp" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $2" -H "Mcp-Name: $3" \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":{$4,$META}}"; echo; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

echo "== 1. A creates a task (rebuild_index, 4 s)"
CREATED=$(mcp "$A" tools/call rebuild_index '"name":"rebuild_index","arguments":{"seconds":4}')
echo "$CREATED"; TASK=$(echo "$CREATED" | field taskId)
sleep 1
echo "== 2. B polls it: any instance serves tasks/get"
mcp "$B" tasks/get "$TASK" "\"taskId\":\"$TASK\""
echo "== 3. A dies mid-task (kill -9); its lease lapses after 2 s and B takes the task over (the tool is idempotent)"
kill -9 "$PID_A"
until mcp "$B" tasks/get "$TASK" "\"taskId\":\"$TASK\"" | grep -q '"status":"completed"'; do sleep 0.5; done
mcp "$B" tasks/get "$TASK" "\"taskId\":\"$TASK\""
echo "== 4. A comes back; a task started on B is cancelled through A"
PID_A=$(start "$A"); until curl -s -o /dev/null "http://127.0.0.1:$A/mcp"; do sleep 0.2; done
SLOW=$(mcp "$B" tools/call rebuild_index '"name":"rebuild_index","arguments":{"seconds":60}' | field taskId)
sleep 1
mcp "$A" tasks/cancel "$SLOW" "\"taskId\":\"$SLOW\""
until mcp "$A" tasks/get "$SLOW" "\"taskId\":\"$SLOW\"" | grep -q '"status":"cancelled"'; do sleep 0.2; done
mcp "$A" tasks/get "$SLOW" "\"taskId\":\"$SLOW\""
echo "== done"
