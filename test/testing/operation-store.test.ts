import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { services } from '../../src/index.js';
import { callForOperation, rawClient, rest } from '../helpers/emulator-clients.js';
import { waitUntil } from '../helpers/setup.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const DURATION = 'type.googleapis.com/google.protobuf.Duration';
const PROGRESS = 'type.googleapis.com/demo.v1.Progress';

const demoTypes = protobuf.Root.fromJSON({
  nested: {
    demo: { nested: { v1: { nested: { Progress: { fields: { percent: { type: 'int32', id: 1 }, stage: { type: 'string', id: 2 } } } } } } },
  },
});

describe('operations over time', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ types: [demoTypes] });
  });
  afterAll(() => emulator.close());

  it('runs for durationMs, its metadata a function of the state', async () => {
    // The look midway comes at 400 ms of 1.5 s: past 20 %, and short of the end even if the timer fires a second late.
    const seen: { fraction: number; done: boolean }[] = [];
    const op = emulator.create({
      durationMs: 1_500,
      metadata: ({ fraction, done }) => {
        seen.push({ fraction, done });
        return { '@type': PROGRESS, percent: Math.round(fraction * 100), stage: done ? 'DONE' : 'RUNNING' };
      },
      response: { '@type': DURATION, value: '1.5s' },
    });
    expect(op.done).toBe(false);
    expect(emulator.types.unpack(op.metadata!)).toMatchObject({ stage: 'RUNNING' });
    expect(op.response).toBeUndefined();

    await new Promise((r) => setTimeout(r, 400));
    const midway = emulator.peek(op.name)!;
    expect(midway.done).toBe(false);
    const percent = (emulator.types.unpack(midway.metadata!) as { percent: number }).percent;
    expect(percent).toBeGreaterThan(20);
    expect(percent).toBeLessThan(100);

    await waitUntil(() => emulator.peek(op.name)!.done, 'the operation to reach its duration');
    const done = emulator.peek(op.name)!;
    expect(done.done).toBe(true);
    expect(emulator.types.unpack(done.metadata!)).toEqual({ percent: 100, stage: 'DONE' });
    expect(emulator.types.unpack(done.response!, { format: 'json' })).toBe('1.500s');
    expect(seen.at(-1)).toEqual({ fraction: 1, done: true });
  });

  it('sends custom types as JSON over REST and as bytes over gRPC', async () => {
    const op = emulator.create({ metadata: { '@type': PROGRESS, percent: 40, stage: 'COPY' } });
    const overRest = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
    expect(overRest.json.metadata).toEqual({ '@type': PROGRESS, percent: 40, stage: 'COPY' });
    const client = rawClient(emulator.grpcEndpoint);
    try {
      const overGrpc = await callForOperation(client, 'GetOperation', { name: op.name });
      expect(overGrpc.metadata?.typeUrl).toBe(PROGRESS);
      expect(demoTypes.lookupType('demo.v1.Progress').decode(overGrpc.metadata!.value!).toJSON()).toEqual({ percent: 40, stage: 'COPY' });
    } finally {
      client.close();
    }
  });

  it('freezes the state of a cancelled operation', async () => {
    // Long enough that the cancel always finds it running.
    const op = emulator.create({ durationMs: 60_000, metadata: ({ elapsedMs }) => ({ '@type': STRUCT, value: { elapsedMs } }) });
    await rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:cancel`);
    const first = emulator.peek(op.name)!;
    await new Promise((r) => setTimeout(r, 20));
    expect(emulator.peek(op.name)).toEqual(first);
    expect(first.error).toEqual({ code: 1, message: 'Operation cancelled', details: [] });
  });

  it('complete() uses the scripted end, or the one given, and leaves a done operation alone', () => {
    const scripted = emulator.create({ durationMs: Infinity, response: { '@type': STRUCT, value: { ok: true } } });
    emulator.complete(scripted.name);
    expect(emulator.types.unpack(emulator.peek(scripted.name)!.response!, { format: 'json' })).toEqual({ ok: true });

    const replaced = emulator.create({ durationMs: Infinity, response: { '@type': STRUCT, value: { ok: true } } });
    emulator.complete(replaced.name, {});
    expect(emulator.peek(replaced.name)).toEqual({ name: replaced.name, done: true });

    emulator.complete(scripted.name, { error: { code: 13 } });
    expect(emulator.peek(scripted.name)!.error).toBeUndefined();
    expect(() => emulator.complete('operations/none')).toThrow(TypeError);
  });

  it('refuses specs it cannot serve with a TypeError', () => {
    expect(() => emulator.create({ name: 'jobs/1' })).toThrow(TypeError);
    const taken = emulator.create();
    expect(() => emulator.create({ name: taken.name })).toThrow(/already exists/);
    expect(() => emulator.create({ durationMs: -5 })).toThrow(/durationMs/);
    expect(() => emulator.create({ response: { '@type': STRUCT, value: {} }, error: { code: 2 } })).toThrow(/not both/);
    expect(() => emulator.create({ response: { '@type': 'type.googleapis.com/acme.Unknown', a: 1 } })).toThrow(/acme.Unknown/);
    expect(() => emulator.create({ response: { '@type': PROGRESS, stage: 5 } })).toThrow(TypeError);
    expect(() => emulator.create({ metadata: { '@type': PROGRESS, percnt: 5 } })).toThrow(/no field percnt/);
    expect(() => emulator.create({ metadata: { typeUrl: PROGRESS } as never })).toThrow(TypeError);
    expect(() => emulator.create({ error: { code: 0 } })).toThrow(/code/);
  });
});

describe('a large store', () => {
  it('holds 100,000 operations cheaply and lists them newest first', async () => {
    await using emulator = await startEmulator({ profile: services.storageTransfer });
    const started = performance.now();
    let last = '';
    for (let i = 0; i < 100_000; i++) last = emulator.create({ durationMs: i % 2 ? 60_000 : 0 }).name;
    const filter = encodeURIComponent(JSON.stringify({ projectId: 'demo-project', transferStatuses: ['IN_PROGRESS'] }));
    const page = await rest(emulator.restEndpoint, 'GET', `/v1/transferOperations?filter=${filter}`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(page.json.operations).toHaveLength(50);
    expect(page.json.operations[0].name).toBe(last);
    expect(page.json.nextPageToken).toBeTruthy();
  });
});
