// What waitAll, waitAny and watch do with bad or empty input: reject (never throw at the call), before any RPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, OperationsClient, RpcError, services, type WaitOutcome, type WaitTarget } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { rejection } from '../helpers/setup.js';

let emulator: Emulator;
let client: OperationsClient;

beforeAll(async () => {
  emulator = await startEmulator({ listen: false, profile: services.standard });
  client = new OperationsClient({ transport: emulator.transport(), service: emulator.profile });
});
afterAll(async () => {
  client.close();
  await emulator.close();
});

async function drain(iterable: AsyncIterable<WaitOutcome>): Promise<WaitOutcome[]> {
  const seen: WaitOutcome[] = [];
  for await (const o of iterable) seen.push(o);
  return seen;
}

/** The three calls, each turned into a promise of what it gives. */
const CALLS = {
  waitAll: (targets: unknown, options?: object) => client.waitAll(targets as WaitTarget[], options),
  waitAny: (targets: unknown, options?: object) => client.waitAny(targets as WaitTarget[], options),
  watch: (targets: unknown, options?: object) => drain(client.watch(targets as WaitTarget[], options)),
} as const;

describe.each(Object.keys(CALLS) as (keyof typeof CALLS)[])('%s', (method) => {
  const call = CALLS[method];

  it('rejects a list that is not an array with a TypeError, from the promise or the loop, not at the call', async () => {
    for (const bad of ['operations/a', undefined, null, { length: 1, 0: 'operations/a' }, new Set(['operations/a'])]) {
      let pending: Promise<unknown> | undefined;
      expect(() => (pending = call(bad))).not.toThrow();
      expect(await rejection(pending!)).toBeInstanceOf(TypeError);
    }
  });

  it('rejects a name the profile refuses with the RpcError client.poller() throws, before any RPC', async () => {
    const live = emulator.create({ durationMs: Infinity });
    emulator.resetCalls();
    const err = await rejection(call([live.name, 'operations/ok', '../escape']));
    let thrown: unknown;
    try {
      client.poller('../escape');
    } catch (e) {
      thrown = e;
    }
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.INVALID_ARGUMENT);
    expect((err as RpcError).rawMessage).toBe((thrown as RpcError).rawMessage);
    expect(emulator.calls.total).toBe(0);
  });

  it('rejects a bad option with a TypeError naming it, and a token of another service, before any RPC', async () => {
    emulator.resetCalls();
    expect(((await rejection(call(['operations/a'], { initialDelayMs: -1 }))) as Error).message).toMatch(/initialDelayMs/);
    expect(((await rejection(call(['operations/a'], { timeoutMs: 0 }))) as Error).message).toMatch(/timeoutMs/);
    expect(((await rejection(call(['operations/a'], { signal: 'stop' }))) as Error).message).toMatch(/signal/);
    expect(await rejection(call([{ v: 1, name: 'transferOperations/x', service: 'storage-transfer' }]))).toBeInstanceOf(TypeError);
    expect(emulator.calls.total).toBe(0);
  });

  it('rejects with the reason of a signal that has already fired, before any RPC', async () => {
    const op = emulator.create({ durationMs: Infinity });
    emulator.resetCalls();
    const reason = new Error('too late');
    expect(await rejection(call([op.name], { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(emulator.calls.total).toBe(0);
  });
});

describe('an empty list', () => {
  it('waitAll resolves to [], watch yields nothing, waitAny rejects with a TypeError', async () => {
    expect(await client.waitAll([])).toEqual([]);
    expect(await drain(client.watch([]))).toEqual([]);
    expect(await rejection(client.waitAny([]))).toBeInstanceOf(TypeError);
  });
});
