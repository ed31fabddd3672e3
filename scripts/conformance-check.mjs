// Judges conformance results against the baseline: every FAILURE check must be excused by an entry naming its
// scenario ("tools-call-sampling") or the single check ("server-stateless:check-id"), and every entry must still
// excuse something (a fixed feature must leave the baseline). Scored and unscored scenarios are judged alike.
// Usage: node conformance-check.mjs <expected-failures.yml> <results dir> <revision>...
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.env.NODE_PATH ?? '.', 'noop.js'));
const YAML = require('yaml');

const [baselinePath, resultsDir, ...revisions] = process.argv.slice(2);
const baseline = new Set((YAML.parse(readFileSync(baselinePath, 'utf8'))?.server ?? []).map(String));
const used = new Set();
const unexpected = [];
const rows = [];

for (const revision of revisions) {
  const dir = join(resultsDir, revision);
  if (!existsSync(dir)) {
    unexpected.push(`${revision}: no results (did the suite run?)`);
    continue;
  }

  for (const entry of readdirSync(dir).sort()) {
    const match = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(entry);
    if (!match) continue;
    const scenario = match[1];
    const checks = JSON.parse(readFileSync(join(dir, entry, 'checks.json'), 'utf8'));
    const failed = checks.filter(c => c.status === 'FAILURE');
    const passed = checks.filter(c => c.status === 'SUCCESS').length;
    let excused = 0;
    for (const check of failed) {
      const key = baseline.has(scenario) ? scenario : baseline.has(`${scenario}:${check.id}`) ? `${scenario}:${check.id}` : null;
      if (key) {
        used.add(key);
        excused++;
      } else {
        unexpected.push(`${revision} ${scenario}: ${check.id}: ${check.errorMessage ?? 'failed'}`);
      }
    }

    const status = failed.length === 0 ? 'pass' : excused === failed.length ? 'expected failure' : 'FAIL';
    rows.push(`| ${revision} | ${scenario} | ${passed} | ${failed.length} | ${status} |`);
  }
}

console.log('\n| revision | scenario | checks passed | checks failed | result |\n|---|---|---|---|---|');
console.log(rows.join('\n'));

const stale = [...baseline].filter(key => !used.has(key));
for (const key of stale) {
  unexpected.push(`baseline entry '${key}' excused nothing: the feature works now, remove it from ${baselinePath}`);
}

if (unexpected.length > 0) {
  console.error(`\nConformance: ${unexpected.length} unexpected result(s):\n  ${unexpected.join('\n  ')}`);
  process.exit(1);
}

console.log(`\nConformance: every failing check is in the baseline (${baseline.size} entries, all still needed).`);
