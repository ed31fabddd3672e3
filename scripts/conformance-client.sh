#!/usr/bin/env bash
# Runs the official MCP conformance suite's client scenarios against samples/ConformanceClient, one scenario at a time
# (the suite's --requirements mode starts every scenario's client at once, which times out on small machines): every
# scenario of the client requirement set of each revision, plus the extension scenarios, then judges the results
# against the `client:` list of conformance/expected-failures.yml.
#   scripts/conformance-client.sh                        # both revisions and the extensions
#   REVISIONS=2026-07-28 EXTENSIONS= scripts/conformance-client.sh
#   SCENARIOS="auth/dpop" REVISIONS=2026-07-28 EXTENSIONS= scripts/conformance-client.sh   # one scenario
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE_VERSION=0.2.0-alpha.12
CACHE=${MCPGEN_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcpgen-conformance/$SUITE_VERSION}
REVISIONS=${REVISIONS-"2026-07-28 2025-11-25"}
# Scored by neither revision's requirement set, run at 2026-07-28 (where every one of them applies).
EXTENSIONS=${EXTENSIONS-"auth/client-credentials-jwt auth/client-credentials-basic auth/enterprise-managed-authorization auth/dpop auth/dpop-nonce auth/wif-jwt-bearer json-schema-2020-12-preservation"}
OUT=${CONFORMANCE_RESULTS:-artifacts/conformance}/client
NODE="$CACHE/node_modules/node/bin/node"
PACKAGE="$CACHE/node_modules/@modelcontextprotocol/conformance"
SUITE="$PACKAGE/dist/index.js"
if [[ ! -x "$NODE" || ! -f "$SUITE" ]]; then
  echo "Installing Node 22 and @modelcontextprotocol/conformance@$SUITE_VERSION into $CACHE"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "node@22" "@modelcontextprotocol/conformance@$SUITE_VERSION" >/dev/null
fi

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build samples/ConformanceClient -c Release -nologo -v quiet
fi
DLL=$(ls samples/ConformanceClient/bin/Release/net10.0/ConformanceClient.dll)
COMMAND="dotnet $PWD/$DLL"

# The scenarios a revision requires of clients: the `client:` list of the suite's frozen requirement file.
required() {
  "$NODE" -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8");
    const list = text.split(/^client:\s*$/m)[1].split(/^\S/m)[0];
    for (const m of list.matchAll(/^\s+-\s+(\S+)\s*$/gm)) console.log(m[1]);' "$PACKAGE/requirements/$1.yaml"
}

run() { # results group, revision, scenario
  local dir="$OUT/$1/${3//\//__}"
  rm -rf "$dir"; mkdir -p "$dir"
  local start=$SECONDS
  "$NODE" "$SUITE" client --command "$COMMAND" --scenario "$3" --spec-version "$2" --force --timeout "${TIMEOUT:-30000}" -o "$dir" >"$dir.log" 2>&1 || true
  printf '  %-48s %3ss  %s\n' "$3" $((SECONDS - start)) "$(grep -aoE '(Passed|Failed|Warnings): *[0-9]+' "$dir.log" | tr '\n' ' ' || true)"
}

rm -rf "$OUT"; mkdir -p "$OUT"
for revision in $REVISIONS; do
  echo "== client scenarios required by $revision"
  for scenario in ${SCENARIOS:-$(required "$revision")}; do run "$revision" "$revision" "$scenario"; done
done
if [[ -n "$EXTENSIONS" ]]; then
  echo "== client extension scenarios (at 2026-07-28)"
  for scenario in ${SCENARIOS:-$EXTENSIONS}; do run extensions 2026-07-28 "$scenario"; done
fi

NODE_PATH="$CACHE/node_modules" "$NODE" scripts/conformance-client-check.mjs conformance/expected-failures.yml "$OUT"
