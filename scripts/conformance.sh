#!/usr/bin/env bash
# Runs the official MCP conformance suite against samples/ConformanceServer over Streamable HTTP, for both protocol
# revisions McpGen serves, and fails on any failing check not listed in conformance/expected-failures.yml (scored or
# not), and on baseline entries that now pass.
#   scripts/conformance.sh                 # both revisions
#   REVISIONS=2026-07-28 scripts/conformance.sh
#   CLIENT=0 scripts/conformance.sh        # servers only (the client scenarios are scripts/conformance-client.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE_VERSION=0.2.0-alpha.12
CACHE=${MCPGEN_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcpgen-conformance/$SUITE_VERSION}
REVISIONS=${REVISIONS:-"2026-07-28 2025-11-25"}
OUT=${CONFORMANCE_RESULTS:-artifacts/conformance}

# Node >= 22 is needed by the suite; npm serves it as the package node@22, so both go into one cache folder.
NODE="$CACHE/node_modules/node/bin/node"
SUITE="$CACHE/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [[ ! -x "$NODE" || ! -f "$SUITE" ]]; then
  echo "Installing Node 22 and @modelcontextprotocol/conformance@$SUITE_VERSION into $CACHE"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "node@22" "@modelcontextprotocol/conformance@$SUITE_VERSION" >/dev/null
fi
"$NODE" --version >/dev/null

dotnet build samples/ConformanceServer -c Release -nologo -v quiet
PORT=$("$NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
URL="http://127.0.0.1:$PORT/mcp"
LOG=$(mktemp)
dotnet run --project samples/ConformanceServer -c Release --no-build -- --urls "http://127.0.0.1:$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT

# Ready when the endpoint answers at all (a GET gets 405).
"$NODE" -e '
  const url = process.argv[1];
  const deadline = Date.now() + 60000;
  (async function poll() {
    try { await fetch(url); return; } catch {}
    if (Date.now() > deadline) { console.error("ConformanceServer did not start"); process.exit(1); }
    setTimeout(poll, 250);
  })();' "$URL" || { cat "$LOG"; exit 1; }

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
for revision in $REVISIONS; do
  echo "== conformance --requirements $revision against $URL"
  # The suite's own exit code covers scored scenarios only; the check below judges every scenario.
  "$NODE" "$SUITE" server --url "$URL" --requirements "$revision" -o "$OUT/$revision" >"$OUT.$revision.log" 2>&1 || true
  sed -n '/=== SUMMARY ===/,$p' "$OUT.$revision.log"
done

if ! kill -0 $SERVER 2>/dev/null; then
  echo "ConformanceServer exited during the run:"; cat "$LOG"; exit 1
fi

NODE_PATH="$CACHE/node_modules" "$NODE" scripts/conformance-check.mjs conformance/expected-failures.yml "$OUT" $REVISIONS

# The client side: samples/ConformanceClient against every client scenario, one at a time.
if [[ "${CLIENT:-1}" != 0 ]]; then
  kill $SERVER 2>/dev/null || true
  CONFORMANCE_RESULTS="$OUT" scripts/conformance-client.sh
fi
