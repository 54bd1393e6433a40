#!/usr/bin/env node
// npm run test:stress: runs the suite several times in a row beside busy loops, as a loaded CI machine would, and stops at the first failing run.
//
//   npm run test:stress                          5 runs, 2 busy loops
//   npm run test:stress -- --runs 3 --busy 4     3 runs, 4 busy loops
//   npm run test:stress -- --runs 10 -- test/cli  vitest arguments after a second `--`
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: npm run test:stress -- [--runs N] [--busy K] [-- VITEST_ARGS...]

Runs \`vitest run\` N times in a row (default 5) with K child processes
spinning the CPU beside it (default 2), stops at the first failing run, and
exits 0 only when every run passed.`;

const DEFAULTS = Object.freeze({ runs: 5, busy: 2 });

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Reads the command line: our own flags, then everything after `--` for vitest.
 * @throws TypeError naming a bad flag.
 */
function parseArgs(argv) {
  const options = { ...DEFAULTS, vitestArgs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.vitestArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    const match = /^--(runs|busy)(?:=(.*))?$/.exec(arg);
    if (!match) throw new TypeError(`unknown argument '${arg}' (vitest arguments go after --)`);
    const [, name, inline] = match;
    const text = inline ?? argv[++i];
    const value = Number(text);
    const least = name === 'runs' ? 1 : 0;
    if (text === undefined || text === '' || !Number.isInteger(value) || value < least) {
      throw new TypeError(`--${name} must be an integer >= ${least}, got '${text ?? ''}'`);
    }
    options[name] = value;
  }
  return options;
}

// A loop that spins one core and ends by itself once its parent is gone (even one killed with SIGKILL).
const SPIN = `const parent = process.ppid; for (let i = 0; ; i++) if ((i & 0xfffff) === 0 && process.ppid !== parent) process.exit(0);`;

/** Starts `count` busy loops; the returned function kills them all (safe to call twice). */
function startBusyLoops(count) {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' }));
  for (const child of children) child.on('error', (err) => console.error(`test:stress: a busy loop failed: ${err.message}`));
  return () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
}

function vitestBin() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('vitest/package.json');
  const bin = require(manifest).bin;
  return join(manifest, '..', typeof bin === 'string' ? bin : bin.vitest);
}

/** The first line of an error message, without terminal colours. */
function firstLine(text) {
  return String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')[0]
    .trim();
}

/** The failed tests of a vitest JSON report: `file > suite > test`, or the file and its error when it failed to load. */
function failedTests(report) {
  const names = [];
  for (const file of report.testResults ?? []) {
    const path = relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failed) {
      const why = firstLine(t.failureMessages?.[0]);
      names.push(`${path} > ${[...(t.ancestorTitles ?? []), t.title].join(' > ')}${why ? `\n      ${why}` : ''}`);
    }
    if (failed.length === 0 && file.status === 'failed') names.push(`${path}: ${firstLine(file.message) || 'failed'}`);
  }
  return names;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Runs vitest once; resolves with whether it passed, how long it took, and the names of the failed tests. */
function runOnce(vitestArgs, reportFile, onChild) {
  const hasReporter = vitestArgs.some((a) => a === '--reporter' || a.startsWith('--reporter='));
  const args = [
    vitestBin(),
    'run',
    ...(hasReporter ? [] : ['--reporter=default']),
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...vitestArgs,
  ];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    onChild(child);
    const finish = (code, signal, error) => {
      onChild(undefined);
      const ms = performance.now() - started;
      let failed = [];
      let reportError;
      try {
        failed = failedTests(JSON.parse(readFileSync(reportFile, 'utf8')));
      } catch (err) {
        reportError = err;
      }
      rmSync(reportFile, { force: true });
      const passed = code === 0 && !error;
      if (!passed && failed.length === 0) {
        const why = error ? error.message : signal ? `killed by ${signal}` : `exit code ${code}`;
        failed.push(`vitest ended without a failed test to name (${why}${reportError ? ', no JSON report' : ''})`);
      }
      resolve({ passed, ms, failed });
    };
    child.on('error', (err) => finish(null, null, err));
    child.on('exit', (code, signal) => finish(code, signal));
  });
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`test:stress: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }

  const stopBusy = startBusyLoops(options.busy);
  const reportDir = mkdtempSync(join(tmpdir(), 'test-stress-'));
  let vitest;
  let interrupted;
  // Ctrl-C and kill end vitest and the busy loops too, then report what ran.
  const onSignal = (signal) => {
    interrupted = signal;
    vitest?.kill(signal);
    stopBusy();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', stopBusy);

  const results = [];
  try {
    console.log(`test:stress: ${options.runs} run(s) of vitest with ${options.busy} busy loop(s) on ${availableParallelism()} core(s)`);
    for (let run = 1; run <= options.runs && !interrupted; run++) {
      const result = await runOnce(options.vitestArgs, join(reportDir, `run-${run}.json`), (c) => (vitest = c));
      if (interrupted) {
        console.log(`test:stress: run ${run}/${options.runs} interrupted by ${interrupted} after ${seconds(result.ms)}`);
        break;
      }
      results.push(result);
      const head = `test:stress: run ${run}/${options.runs} ${result.passed ? 'passed' : 'FAILED'} in ${seconds(result.ms)}`;
      console.log(result.passed ? head : [`${head}, ${result.failed.length} failed:`, ...result.failed.map((n) => `  - ${n}`)].join('\n'));
      if (!result.passed) break;
    }
  } finally {
    stopBusy();
    rmSync(reportDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.passed).length;
  const durations = results.map((r) => seconds(r.ms)).join(', ');
  const ok = passed === options.runs;
  const verdict = ok ? 'all passed' : interrupted ? `interrupted by ${interrupted}` : `stopped at run ${results.length}, which failed`;
  console.log(
    `test:stress: ${passed}/${options.runs} runs passed with ${options.busy} busy loop(s): ${verdict}${durations ? ` (${durations})` : ''}`,
  );
  if (interrupted) return 130;
  return ok ? 0 : 1;
}

process.exitCode = await main();
