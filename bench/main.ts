// The benchmark's entry point: runs the scenarios the flags choose, prints one table per scenario and writes them all as JSON.
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { runBatch } from './batch-scenario.js';
import { parseBenchOptions, USAGE, type BenchOptions, type ScenarioId } from './bench-options.js';
import { startEmulatorThread, type EmulatorThread } from './emulator-thread.js';
import { runFrontier } from './frontier-scenario.js';
import { runList } from './list-scenario.js';
import { packageVersion } from './package-version.js';
import { formatReport, writeResults, type BenchResults, type ScenarioResults } from './report.js';
import { runStart } from './start-scenario.js';
import { checkTargets } from './targets.js';
import { runWaitAll } from './wait-all-scenario.js';
import { runFaults, runWaits } from './waits-and-faults.js';

/** No run may outlive this, whatever hangs. */
const HARD_LIMIT_MS = 10 * 60_000;
/** After the report, how long stray timers of the libraries may keep the process up. */
const EXIT_GRACE_MS = 2_000;

const log = (line: string) => process.stderr.write(`${line}\n`);

type Runners = { [K in ScenarioId]: (o: BenchOptions, thread: () => Promise<EmulatorThread>) => Promise<NonNullable<ScenarioResults[K]>> };

const RUNNERS: Runners = {
  waits: (o) => runWaits(o),
  faults: (o) => runFaults(o),
  frontier: async (o, thread) => runFrontier(await thread(), { ...o.frontier, seed: o.seed, graceMs: o.graceMs }),
  batch: async (o, thread) => runBatch(await thread(), { ...o.batch, seed: o.seed, graceMs: o.graceMs }),
  waitAll: async (o, thread) => runWaitAll(await thread(), { ...o.waitAll, seed: o.seed, graceMs: o.graceMs }),
  list: async (o, thread) => runList(await thread(), o.list),
  start: async (o, thread) => runStart(await thread(), o.start),
};

async function run(o: BenchOptions): Promise<BenchResults> {
  // Other work on the machine shows in the lag figures: keep a trace of it.
  const loadAverageAtStart = loadavg()[0]!;
  const began = performance.now();
  let thread: Promise<EmulatorThread> | undefined;
  const sharedThread = () => (thread ??= startEmulatorThread());
  const scenarios: Record<string, unknown> = {};
  try {
    for (const id of o.only) {
      const t = performance.now();
      log(`${id}…`);
      scenarios[id] = await RUNNERS[id](o, sharedThread);
      log(`${id}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await (await thread)?.close();
  }
  const s = scenarios as ScenarioResults;
  return {
    schema: 2,
    finishedAt: new Date().toISOString(),
    wallMs: performance.now() - began,
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg()[0]!,
      googleGax: packageVersion('google-gax'),
      grpcJs: packageVersion('@grpc/grpc-js'),
    },
    options: o,
    scenarios: s,
    targets: checkTargets({
      waitWithWait: s.waits?.oursWait,
      faultRuns: s.faults && [s.faults.oursWait, s.faults.oursGet],
      start: s.start,
      batch: s.batch,
    }),
  };
}

async function main(): Promise<void> {
  let options: BenchOptions | undefined;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    log(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  const watchdog = setTimeout(() => {
    log(`bench: still running after ${HARD_LIMIT_MS / 60_000} minutes; giving up`);
    process.exit(3);
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const results = await run(options);
  console.log(`\n${formatReport(results)}\n`);
  await writeResults(options.out, results);
  log(`wrote ${options.out} (${(results.wallMs / 1000).toFixed(1)} s)`);
  // gax's Operations cannot be stopped locally: their poll timers may still be armed; let them go rather than wait ten minutes.
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

await main();
