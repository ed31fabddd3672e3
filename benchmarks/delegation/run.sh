#!/usr/bin/env bash
# The delegation load test (issue 24): samples/ResearchAgents (Redis and two instances of each agent, run.sh) under
# CHAINS concurrent research chains for DURATION seconds (benchmarks/delegation/ChainLoad). Prints the table of chains
# completed, lost and stuck, and the agents' resident memory over the run.
#   bash benchmarks/delegation/run.sh            CHAINS=100 DURATION=60 WORK_MS=200 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
CHAINS=${CHAINS:-100}
DURATION=${DURATION:-60}
export WORK_MS=${WORK_MS:-200}

dotnet build samples/ResearchAgents -c Release -nologo -v quiet >/dev/null
dotnet build benchmarks/delegation/ChainLoad -c Release -nologo -v quiet >/dev/null
out=$(mktemp)
NO_BUILD=1 bash samples/ResearchAgents/run.sh >"$out" 2>&1 &
agents=$!
trap 'kill -INT $agents 2>/dev/null; wait $agents 2>/dev/null; rm -f "$out"' EXIT
until grep -q "All 8 agents answer" "$out"; do
  kill -0 $agents 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.5
done
pids=$(grep -oE 'pid [0-9]+' "$out" | awk '{print $2}' | paste -sd, -)
echo "agents: $pids (WORK_MS=$WORK_MS); $CHAINS chains for $DURATION s"
dotnet benchmarks/delegation/ChainLoad/bin/Release/net10.0/ChainLoad.dll --targets http://127.0.0.1:5101/mcp,http://127.0.0.1:5102/mcp \
  --chains "$CHAINS" --duration "$DURATION" --pids "$pids"
