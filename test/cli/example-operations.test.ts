// lro serve --seed: the seeded operations carry the profile's example payloads, or generic ones for a profile that gives none.
import { afterEach, describe, expect, it } from 'vitest';
import { defineServiceProfile, services, type ServiceProfile } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { seedOperations } from '../../src/cli/example-operations.js';

const methods = { get: { http: 'GET /v1/{name=builds/*}' }, list: { http: 'GET /v1/{name=builds}' } } as const;

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function seeded(profile: ServiceProfile) {
  emulator = await startEmulator({ profile });
  const names = seedOperations(emulator).map((s) => s.name);
  const read = (id: string) => {
    const op = emulator!.peek(profile.nameForId(id))!;
    return {
      done: op.done,
      metadata: op.metadata && emulator!.types.unpack(op.metadata, { format: 'json' }),
      response: op.response && emulator!.types.unpack(op.response, { format: 'json' }),
    };
  };
  return { names, read };
}

describe('seedOperations', () => {
  it('uses generic payloads for a profile without examples', async () => {
    const { names, read } = await seeded(defineServiceProfile({ id: 'builds', methods }));
    expect(names).toEqual(['seed-running', 'seed-slow', 'seed-forever', 'seed-succeeded', 'seed-failed'].map((id) => `builds/${id}`));
    expect(read('seed-running')).toMatchObject({ done: false, metadata: { state: 'RUNNING', progressPercent: 0 } });
    expect(read('seed-succeeded')).toMatchObject({
      done: true,
      metadata: { state: 'SUCCEEDED', progressPercent: 100 },
      response: 'all done',
    });
    expect(read('seed-failed')).toMatchObject({ done: true, metadata: { state: 'FAILED' }, response: undefined });
  });

  it("uses a profile's own metadata, response and state words", async () => {
    const builds = defineServiceProfile({
      id: 'builds',
      methods,
      examples: {
        metadata: ({ name, state, fraction, done }) => ({
          '@type': 'type.googleapis.com/google.protobuf.Struct',
          value: { build: name, phase: state, steps: Math.round(10 * fraction), finished: done },
        }),
        response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'image pushed' },
        states: { running: 'WORKING', failure: 'BROKEN' },
      },
    });
    const { read } = await seeded(builds);
    expect(read('seed-running')).toMatchObject({ metadata: { build: 'builds/seed-running', phase: 'WORKING', steps: 0, finished: false } });
    expect(read('seed-succeeded')).toMatchObject({ metadata: { phase: 'SUCCEEDED', steps: 10, finished: true }, response: 'image pushed' });
    expect(read('seed-failed').metadata).toMatchObject({ phase: 'BROKEN' });
  });

  it('gives Storage Transfer operations its TransferOperation metadata and status words', async () => {
    const descriptor = await services.storageTransfer.examples.descriptor();
    expect(descriptor?.types.has('google.storagetransfer.v1.TransferOperation')).toBe(true);
    emulator = await startEmulator({ profile: services.storageTransfer, types: descriptor!.types });
    seedOperations(emulator);
    const op = emulator.peek(services.storageTransfer.nameForId('seed-running'))!;
    expect(op.metadata?.typeUrl).toBe('type.googleapis.com/google.storagetransfer.v1.TransferOperation');
    expect(emulator.types.unpack(op.metadata!)).toMatchObject({ status: 'IN_PROGRESS', transferJobName: 'transferJobs/demo' });
  });
});
