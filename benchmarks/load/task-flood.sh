#!/usr/bin/env bash
# One anonymous caller creating tasks as fast as it can (wrk, loopback) against samples/HelpDesk's export_tickets, a
# quick task. Reports how many tasks were created and refused and the server's resident memory before, during and
# after, so the task limits (McpServerOptions.Tasks.MaxActiveTasksPerCaller, MaxFinishedTasksPerCaller) show as a
# bounded store instead of one that grows for the whole time to live.
#
#   bash benchmarks/load/task-flood.sh           # DURATION=30 CONNECTIONS=50 ARGUMENTS={} by default
#
# Extra server arguments pass through, e.g. to see the store without the finished-task limit:
#   bash benchmarks/load/task-flood.sh --McpGen:Tasks:MaxFinishedTasksPerCaller 2147483647
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-30}"
ARGUMENTS="${ARGUMENTS:-{\}}"   # export_tickets' arguments; '{"delayPerTicketMs":100}' makes tasks that stay unfinished
CONNECTIONS="${CONNECTIONS:-50}"
export DOTNET_gcServer=0
for tool in dotnet wrk curl; do
    command -v "$tool" >/dev/null || { echo "task-flood.sh: '$tool' is not on PATH (apt-get install wrk curl)" >&2; exit 1; }
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mcpgen-flood.XXXXXX")"
SERVER=""
cleanup() {
    [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

dotnet build "$REPO/samples/HelpDesk/HelpDesk.csproj" -c Release --nologo -v q >&2
PORT=$((20000 + RANDOM % 12000))
dotnet "$REPO/samples/HelpDesk/bin/Release/net10.0/HelpDesk.dll" --urls "http://127.0.0.1:$PORT" \
    --Logging:LogLevel:Default Warning "$@" >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }

cat >"$TMP/flood.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = "export_tickets"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"export_tickets","arguments":$ARGUMENTS,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}}}'

local threads = {}
function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   created, refused, other = 0, 0, 0
end

function response(status, headers, body)
   if string.find(body, '"resultType":"task"', 1, true) then
      created = created + 1
   elseif string.find(body, 'Too many unfinished tasks', 1, true) then
      refused = refused + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local c, r, o = 0, 0, 0
   for _, t in ipairs(threads) do
      c = c + t:get("created"); r = r + t:get("refused"); o = o + t:get("other")
   end
   io.write(string.format("FLOOD created=%d refused=%d other=%d p99_ms=%.1f\n", c, r, o, latency:percentile(99) / 1000))
end
LUA

before=$(rss_mb)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$TMP/flood.lua" "http://127.0.0.1:$PORT/mcp" >"$TMP/wrk.txt" 2>&1 &
WRK=$!
peak=$before
while kill -0 "$WRK" 2>/dev/null; do
    now=$(rss_mb); (( now > peak )) && peak=$now
    sleep 1
done
wait "$WRK"
sleep 5
after=$(rss_mb)
flood=$(grep '^FLOOD' "$TMP/wrk.txt")
echo "$flood rss_before_mb=$before rss_peak_mb=$peak rss_after_5s_mb=$after duration_s=$DURATION connections=$CONNECTIONS"
if grep -q 'other=[1-9]' <<<"$flood"; then
    echo "task-flood.sh: some answers were neither a task nor the limit's refusal:" >&2
    tail -5 "$TMP/server.log" >&2
    exit 1
fi
