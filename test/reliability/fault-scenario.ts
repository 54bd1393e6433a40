// A fault run: many operations waited on through an emulator that fails, hangs, lags and restarts; every outcome checked.
import { Code, OperationError, OperationsClient, services, type Transport } from '../../src/index.js';
import { startEmulator } from '../../src/testing/index.js';

/** How big and how hostile a run is. */
export interface FaultScenario {
  readonly operations: number;
  readonly transport: Transport;
  /** Durations are drawn from 0.2 s up to this. */
  readonly maxDurationMs: number;
  /** The share of calls answered UNAVAILABLE. */
  readonly unavailableRate: number;
  /** The share of calls never answered until the client gives up. */
  readonly hangRate: number;
  /** Added latency, drawn between 0 and this. */
  readonly maxLatencyMs: number;
  /** How many times the emulator restarts on the same ports midway. */
  readonly restarts: number;
  /** Every wait must settle within this, or it counts as lost. */
  readonly deadlineMs: number;
  readonly seed: number;
}

/** What a run found. */
export interface FaultFigures {
  readonly transport: Transport;
  readonly operations: number;
  readonly correct: number;
  readonly lost: number;
  readonly settledTwice: number;
  readonly wrong: number;
  readonly unhandledRejections: number;
  readonly restarts: number;
  readonly rpcs: number;
  readonly seconds: number;
  /** What the wrong outcomes were, by class and code: `RpcError CANCELLED` ×3. */
  readonly wrongKinds: Readonly<Record<string, number>>;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates the operations (every tenth ends with ABORTED, the others answer
 * their own index), waits on each with a poller heard three ways (awaited,
 * 'done' and 'error' events), restarts the emulator midway, and counts:
 * outcomes right, lost (not settled by the deadline), settled twice (an
 * event after the end, or two), wrong (another value or code) and
 * unhandled rejections.
 */
export async function runFaultScenario(s: FaultScenario): Promise<FaultFigures> {
  const started = performance.now();
  const random = mulberry32(s.seed);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const emulator = await startEmulator({ profile: services.standard });
  const client = new OperationsClient({
    endpoint: s.transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint,
    transport: s.transport,
    insecure: true,
    // A hanging call ends at its deadline and the poller polls again.
    timeoutMs: 2_000,
    retry: { retries: 3, initialDelayMs: 20, maxDelayMs: 200 },
    maxConcurrentWaits: 200,
    // Responses in proto3 JSON: a StringValue is its string.
    poll: { format: 'json' },
  });
  try {
    const ops = Array.from({ length: s.operations }, (_, i) => {
      const durationMs = 200 + random() * (s.maxDurationMs - 200);
      return i % 10 === 9
        ? emulator.create({ durationMs, error: { code: Code.ABORTED, message: `op ${i} aborted` } })
        : emulator.create({ durationMs, response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: `op-${i}` } });
    });
    emulator.setFaults({ unavailableRate: s.unavailableRate, hangRate: s.hangRate, maxLatencyMs: s.maxLatencyMs, seed: s.seed });
    const settled = new Array<number>(ops.length).fill(0);
    const right = new Array<boolean>(ops.length).fill(false);
    let wrong = 0;
    const wrongKinds: Record<string, number> = {};
    const tell = (what: string) => {
      wrong++;
      wrongKinds[what] = (wrongKinds[what] ?? 0) + 1;
    };
    const waits = ops.map(async (op, i) => {
      const poller = client.poller<string>(op);
      poller.on('done', () => settled[i]!++);
      poller.on('error', () => settled[i]!++);
      try {
        const value = await poller.result({ timeoutMs: s.deadlineMs });
        if (i % 10 !== 9 && value === `op-${i}`) right[i] = true;
        else tell(`value ${String(value)}`);
      } catch (err) {
        if (i % 10 === 9 && err instanceof OperationError && err.code === Code.ABORTED && err.operationName === op.name) right[i] = true;
        else if (!(err instanceof Error && err.name === 'PollTimeoutError'))
          tell(`${(err as Error).name} ${(err as { codeName?: string }).codeName ?? ''}`.trim());
      }
    });
    const all = Promise.all(waits);
    for (let r = 1; r <= s.restarts; r++) {
      await new Promise((resolve) => setTimeout(resolve, (s.maxDurationMs * r) / (s.restarts + 1)));
      await emulator.restart();
    }
    await all;
    // Let late events show themselves before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const correct = right.filter(Boolean).length;
    return {
      transport: s.transport,
      operations: ops.length,
      correct,
      lost: right.filter((r, i) => !r && settled[i] === 0).length,
      settledTwice: settled.filter((n) => n > 1).length,
      wrong,
      unhandledRejections: unhandled.length,
      restarts: s.restarts,
      rpcs: emulator.calls.total,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      wrongKinds,
    };
  } finally {
    client.close();
    await emulator.close();
    process.off('unhandledRejection', onUnhandled);
  }
}
