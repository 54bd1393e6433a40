#!/usr/bin/env node
// What importing each entry costs: the median cold import time over fresh processes, and the packages it loads.
// Run after `npm run build`:
//
//   node scripts/import-cost.mjs             7 runs of each entry
//   node scripts/import-cost.mjs --runs 15
//
// Each run is a new `node` in a temporary directory whose node_modules/longrunning links to this repository,
// so the import goes through package.json's exports map as an installed package's would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 7;
if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`--runs must be a positive integer, got ${process.argv[runsFlag + 1]}`);

const ENTRIES = ['longrunning', 'longrunning/rest', 'longrunning/testing'];

const dir = mkdtempSync(join(tmpdir(), 'longrunning-import-cost-'));
try {
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'longrunning'), 'dir');
  const rows = ENTRIES.map((entry) => ({ entry, ms: median(times(entry)), packages: packagesLoaded(entry) }));
  console.log(`cold import, median of ${runs} fresh processes (node ${process.version}):\n`);
  for (const { entry, ms, packages } of rows) {
    console.log(`${entry.padEnd(20)} ${ms.toFixed(0).padStart(4)} ms   ${packages.length} packages: ${packages.join(', ') || 'none'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function times(entry) {
  const script = `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`;
  return Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' })),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The packages (by name, the package itself left out) whose files an import of the entry loads.
function packagesLoaded(entry) {
  const file = join(dir, 'loads.txt');
  execFileSync(
    process.execPath,
    ['--import', join(root, 'scripts/record-loads.mjs'), '--input-type=module', '-e', `await import(${JSON.stringify(entry)});`],
    {
      cwd: dir,
      env: { ...process.env, LONGRUNNING_RECORD_LOADS: file },
    },
  );
  const names = new Set();
  for (const url of readFileSync(file, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m && m[1] !== 'longrunning') names.add(m[1]);
  }
  return [...names].sort();
}
