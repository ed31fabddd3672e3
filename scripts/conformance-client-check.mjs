// Judges client conformance results (scripts/conformance-client.sh) against the `client:` list of the baseline, as
// conformance-check.mjs does for servers: every FAILURE check, and every client that timed out, must be excused by an
// entry naming its scenario ("auth/dpop") or the single check ("auth/dpop:check-id"), and every entry must still excuse
// something. Results are laid out as <results dir>/<revision or "extensions">/<scenario with / as __>/.../checks.json.
// Usage: node conformance-client-check.mjs <expected-failures.yml> <results dir>
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.env.NODE_PATH ?? '.', 'noop.js'));
const YAML = require('yaml');

const [baselinePath, resultsDir] = process.argv.slice(2);
const baseline = new Set((YAML.parse(readFileSync(baselinePath, 'utf8'))?.client ?? []).map(String));
const used = new Set();
const unexpected = [];
const rows = [];

function findChecks(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'checks.json') return path;
    if (statSync(path).isDirectory()) {
      const found = findChecks(path);
      if (found) return found;
    }
  }
  return null;
}

function excuse(label, scenario, id, message) {
  const key = baseline.has(scenario) ? scenario : baseline.has(`${scenario}:${id}`) ? `${scenario}:${id}` : null;
  if (key) {
    used.add(key);
    return true;
  }
  unexpected.push(`${label} ${scenario}: ${id}: ${message}`);
  return false;
}

for (const group of existsSync(resultsDir) ? readdirSync(resultsDir).sort() : []) {
  const groupDir = join(resultsDir, group);
  if (!statSync(groupDir).isDirectory()) continue;
  for (const entry of readdirSync(groupDir).sort()) {
    const dir = join(groupDir, entry);
    if (!statSync(dir).isDirectory()) continue;
    const scenario = entry.replaceAll('__', '/');
    const log = existsSync(`${dir}.log`) ? readFileSync(`${dir}.log`, 'utf8') : '';
    const checksPath = findChecks(dir);
    if (!checksPath) {
      excuse(group, scenario, 'no-results', `the suite saved no checks (${log.split('\n').slice(-3).join(' ').trim()})`);
      rows.push(`| ${group} | ${scenario} | 0 | - | ${baseline.has(scenario) ? 'expected failure' : 'FAIL'} |`);
      continue;
    }

    const checks = JSON.parse(readFileSync(checksPath, 'utf8'));
    const failed = checks.filter(c => c.status === 'FAILURE').map(c => [c.id, c.errorMessage ?? c.description ?? 'failed']);
    if (/Client timed out after/.test(log)) failed.push(['client-timeout', 'the client did not finish in time']);
    const passed = checks.filter(c => c.status === 'SUCCESS').length;
    let excused = 0;
    for (const [id, message] of failed) {
      if (excuse(group, scenario, id, message)) excused++;
    }

    const status = failed.length === 0 ? 'pass' : excused === failed.length ? 'expected failure' : 'FAIL';
    rows.push(`| ${group} | ${scenario} | ${passed} | ${failed.length} | ${status} |`);
  }
}

if (rows.length === 0) unexpected.push(`no client results in ${resultsDir} (did the suite run?)`);
console.log('\n| revision | client scenario | checks passed | checks failed | result |\n|---|---|---|---|---|');
console.log(rows.join('\n'));

for (const key of [...baseline].filter(key => !used.has(key))) {
  unexpected.push(`baseline entry '${key}' excused nothing: the feature works now, remove it from ${baselinePath}`);
}

if (unexpected.length > 0) {
  console.error(`\nClient conformance: ${unexpected.length} unexpected result(s):\n  ${unexpected.join('\n  ')}`);
  process.exit(1);
}

console.log(`\nClient conformance: every failing check is in the baseline (${baseline.size} entries, all still needed).`);
