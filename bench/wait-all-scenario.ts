// Waiting on N operations as one: the time until all have settled, and the RPCs it took; ours against google-gax's.
import { OperationsClient, type Operation } from '../src/index.js';
import type { DurationRange } from './bench-options.js';
import type { EmulatorThread, RemoteEmulator } from './emulator-thread.js';
import { gaxPolling } from './gax-waiter.js';
import { logUniformDurations } from './seeded-random.js';

/** One side, as measured. */
export interface WaitAllSide {
  readonly label: string;
  readonly operations: number;
  /** Whether the combined wait resolved with every operation's own response. */
  readonly allRight: boolean;
  /** From the start of the loop that starts the waits until the combined wait settled, in ms. */
  readonly settleMs: number;
  /** From the last operation's scripted end until the combined wait settled, in ms. */
  readonly tailMs: number;
  /** The synchronous part: making the waits, in ms. */
  readonly startLoopMs: number;
  readonly rpcs: number;
  readonly rpcsPerOperation: number;
  readonly waitOperations: number;
  readonly rpcsInFlightMax: number;
}

export interface WaitAllResult {
  readonly operations: number;
  readonly durations: DurationRange;
  readonly ours: WaitAllSide;
  readonly gax: WaitAllSide;
  readonly figures: Readonly<Record<string, number>>;
}

export interface WaitAllOptions {
  readonly operations: number;
  readonly durations: DurationRange;
  readonly seed: number;
  readonly graceMs: number;
}

/** The Durations the operations answer with, as gax and ours decode them: ours as proto3 JSON ('7s'), gax as a message. */
function secondsOf(value: unknown): number | undefined {
  if (typeof value === 'string' && value.endsWith('s')) return Math.trunc(Number(value.slice(0, -1)));
  const seconds = (value as { seconds?: unknown } | undefined)?.seconds;
  return seconds === undefined ? undefined : Number(seconds);
}

/** Settles with `wait`, or rejects once `ms` have passed. */
async function within<T>(wait: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`the combined wait outlived the scenario deadline of ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([wait, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function runSide(
  label: string,
  emulator: RemoteEmulator,
  durationsMs: readonly number[],
  o: WaitAllOptions,
  warmUp: (name: string) => Promise<unknown>,
  waitAll: (targets: readonly Operation[], signal: AbortSignal) => Promise<readonly unknown[]>,
): Promise<WaitAllSide> {
  const warm = await emulator.create({ kind: 'duration' }, [0]);
  await warmUp(warm.operations[0]!.name);
  const made = await emulator.create({ kind: 'duration' }, durationsMs);
  await emulator.resetCalls();
  const lastEnd = Math.max(...made.createdAt.map((t, i) => t + durationsMs[i]!));
  const controller = new AbortController();
  const began = performance.now();
  const combined = waitAll(made.operations, controller.signal);
  const startLoopMs = performance.now() - began;
  const results = await within(combined, o.durations.maxMs + o.graceMs, () => controller.abort());
  const settled = performance.now();
  const calls = await emulator.calls();
  return {
    label,
    operations: durationsMs.length,
    allRight: results.length === durationsMs.length && results.every((r, i) => secondsOf(r) === i),
    settleMs: settled - began,
    tailMs: settled - lastEnd,
    startLoopMs,
    rpcs: calls.total,
    rpcsPerOperation: calls.total / durationsMs.length,
    waitOperations: calls.byMethod.wait,
    rpcsInFlightMax: calls.maxInFlight,
  };
}

async function runOurs(emulator: RemoteEmulator, durationsMs: readonly number[], o: WaitAllOptions): Promise<WaitAllSide> {
  using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, poll: { format: 'json' } });
  return await runSide(
    'ours, default client',
    emulator,
    durationsMs,
    o,
    (name) => client.getOperation(name),
    (targets, signal) =>
      // ── WAITALL: once client.waitAll(targets, options) is on main, this is the one line to change, to:
      //      client.waitAll(targets, { signal })
      Promise.all(targets.map((t) => client.poller(t).result({ signal }))),
  );
}

async function runGax(emulator: RemoteEmulator, durationsMs: readonly number[], o: WaitAllOptions): Promise<WaitAllSide> {
  const gax = gaxPolling(emulator.grpcEndpoint);
  try {
    return await runSide(
      'google-gax, default',
      emulator,
      durationsMs,
      o,
      (name) => gax.client.getOperation({ name } as Parameters<typeof gax.client.getOperation>[0]),
      // gax takes no signal; at the deadline its waits are left to poll on until the process exits.
      (targets) =>
        Promise.all(
          targets.map((t) =>
            gax
              .operation(t)
              .promise()
              .then((answer) => (answer as [unknown])[0]),
          ),
        ),
    );
  } finally {
    gax.close();
  }
}

/**
 * N operations of log-uniform durations on an emulator of `thread`, waited
 * on as one by ours (default client and poll options: WaitOperation up to
 * maxConcurrentWaits, GetOperation for the rest) and then, on fresh
 * operations of the same durations, by gax.
 */
export async function runWaitAll(thread: EmulatorThread, o: WaitAllOptions): Promise<WaitAllResult> {
  const emulator = await thread.start('standard');
  try {
    const durationsMs = logUniformDurations(o.operations, o.durations.minMs, o.durations.maxMs, o.seed);
    const ours = await runOurs(emulator, durationsMs, o);
    const gax = await runGax(emulator, durationsMs, o);
    const figures: Record<string, number> = {};
    for (const [key, side] of [
      ['ours', ours],
      ['gax', gax],
    ] as const) {
      figures[`${key}.settleMs`] = side.settleMs;
      figures[`${key}.tailMs`] = side.tailMs;
      figures[`${key}.startLoopMs`] = side.startLoopMs;
      figures[`${key}.rpcs`] = side.rpcs;
      figures[`${key}.rpcsPerOperation`] = side.rpcsPerOperation;
      figures[`${key}.allRight`] = side.allRight ? 1 : 0;
    }
    figures['settleOursOverGax'] = ours.settleMs / gax.settleMs;
    figures['rpcsOursOverGax'] = ours.rpcs / gax.rpcs;
    return { operations: o.operations, durations: o.durations, ours, gax, figures };
  } finally {
    await emulator.stop();
  }
}
