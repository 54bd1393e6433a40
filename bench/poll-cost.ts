// Poll cost: RPCs, detection lag and heap per pending wait of this SDK's poller beside google-gax's, on the embedded emulator.
import { availableParallelism, loadavg } from 'node:os';
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options.js';
import { gaxWaiter } from './gax-waiter.js';
import { runHeapScenario } from './heap-scenario.js';
import { ourWaiter } from './our-waiter.js';
import { packageVersion } from './package-version.js';
import { formatReport, ratios, writeResults, type BenchResults } from './report.js';
import { uniformDurations } from './seeded-random.js';
import { checkTargets } from './targets.js';
import { runWaitScenario, type WaitScenarioResult } from './wait-scenario.js';

/** No run may outlive this, whatever hangs. */
const HARD_LIMIT_MS = 10 * 60_000;
/** After the report, how long stray timers of the libraries may keep the process up. */
const EXIT_GRACE_MS = 5_000;
/** Every n-th operation of the fault scenario fails, so that failures are outcomes to deliver too. */
const FAIL_EVERY = 10;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function run(o: BenchOptions): Promise<BenchResults> {
  // Other work on the machine shows in the lag figures: keep a trace of it.
  const loadAtStart = loadavg()[0]!;
  const durationsMs = uniformDurations(o.operations, o.minDurationMs, o.maxDurationMs, o.seed);
  const restartAtMs = Math.round(o.maxDurationMs / 2);
  const faults = { unavailableRate: o.unavailableRate, seed: o.seed, restartAtMs };
  const scenario = (name: string, start: () => Promise<WaitScenarioResult>) => async () => {
    log(`  ${name}`);
    return start();
  };
  const scenarios = [
    scenario('ours, WaitOperation', () => runWaitScenario({ waiter: (e) => ourWaiter(e, 'auto'), durationsMs, graceMs: o.graceMs })),
    scenario('ours, GetOperation', () => runWaitScenario({ waiter: (e) => ourWaiter(e, 'never'), durationsMs, graceMs: o.graceMs })),
    scenario('google-gax', () => runWaitScenario({ waiter: gaxWaiter, durationsMs, graceMs: o.graceMs })),
    scenario('faults, ours WaitOperation', () =>
      runWaitScenario({ waiter: (e) => ourWaiter(e, 'auto'), durationsMs, graceMs: o.graceMs, failEvery: FAIL_EVERY, faults }),
    ),
    scenario('faults, ours GetOperation', () =>
      runWaitScenario({ waiter: (e) => ourWaiter(e, 'never'), durationsMs, graceMs: o.graceMs, failEvery: FAIL_EVERY, faults }),
    ),
  ];
  log(`wait and fault scenarios, ${o.operations} operations each${o.concurrent ? ', at the same time' : ''}:`);
  let measured: WaitScenarioResult[];
  if (o.concurrent) {
    measured = await Promise.all(scenarios.map((s) => s()));
  } else {
    measured = [];
    for (const s of scenarios) measured.push(await s());
  }
  const [oursWait, oursGet, gax, faultsWait, faultsGet] = measured as [
    WaitScenarioResult,
    WaitScenarioResult,
    WaitScenarioResult,
    WaitScenarioResult,
    WaitScenarioResult,
  ];

  log(`heap scenario, ${o.pending.toLocaleString('en-US')} waits pending: ours GetOperation, ours WaitOperation, then google-gax`);
  const heap = await runHeapScenario({ pending: o.pending, holdMs: o.holdMs, readings: o.heapReadings, drainMs: o.drainMs });

  const waits = { oursWait, oursGet, gax };
  return {
    schema: 1,
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      loadAverageAtStart: loadAtStart,
      googleGax: packageVersion('google-gax'),
      grpcJs: packageVersion('@grpc/grpc-js'),
    },
    options: o,
    waits,
    heap,
    faults: { restartAtMs, seed: faults.seed, oursWait: faultsWait, oursGet: faultsGet },
    ratios: ratios(waits, heap),
    targets: checkTargets(oursWait, heap.ours, heap.oursLongPoll, [faultsWait, faultsGet]),
  };
}

async function main(): Promise<void> {
  let options: BenchOptions | undefined;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    log(`poll-cost: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  const watchdog = setTimeout(() => {
    log(`poll-cost: still running after ${HARD_LIMIT_MS / 60_000} minutes; giving up`);
    process.exit(3);
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const started = performance.now();
  const results = await run(options);
  console.log(`\n${formatReport(results)}\n`);
  await writeResults(options.out, results);
  log(`wrote ${options.out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  // gax's Operation cannot be stopped locally: a poll timer may still be armed; let it go rather than wait up to a minute.
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

await main();
