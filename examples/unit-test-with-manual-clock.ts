// Unit-test your own code that waits: the emulator in memory (no socket) and a ManualClock, so a wait of hours takes milliseconds.
// Run: npx tsx examples/unit-test-with-manual-clock.ts   (node:test runs the tests below; copy them into your own test runner as they are)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Code, OperationError, OperationsClient, RpcError, services } from '../src/index.js';
import { ManualClock, startEmulator } from '../src/testing/index.js';

// Your code: it takes the client as a parameter, so a test can hand it one.
async function waitForExport(client: OperationsClient, name: string): Promise<string> {
  try {
    // The response is a google.protobuf.Struct, read as a plain object.
    const response = await client.poller<{ rows: number }>(name, { format: 'json' });
    return `exported ${response?.rows} rows`;
  } catch (err) {
    if (err instanceof OperationError) return `export failed: ${err.codeName}`;
    throw err;
  }
}

// One emulator and one client per test, on the same clock; `using` closes both at the end of the test.
async function setUp() {
  const clock = new ManualClock();
  const emulator = await startEmulator({ listen: false, profile: services.storageTransfer, clock });
  const client = new OperationsClient({ transport: emulator.transport(), service: emulator.profile, clock });
  return {
    clock,
    emulator,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await emulator.close();
    },
  };
}

test('an export of three hours is reported with its row count', async () => {
  await using t = await setUp();
  const op = t.emulator.create({
    durationMs: 3 * 3_600_000,
    response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { rows: 1_200 } },
  });
  // clock.run moves the clock from timer to timer whenever the wait sits idle, until it settles.
  assert.equal(await t.clock.run(waitForExport(t.client, op.name)), 'exported 1200 rows');
  assert.ok(t.clock.now() >= 3 * 3_600_000, 'three hours of clock time passed');
  // The poller's default schedule never waits more than 30 s between polls: a few hundred in 3 h.
  assert.ok(t.emulator.calls.byMethod.get < 500, `${t.emulator.calls.byMethod.get} GetOperations`);
});

test('a failed export is reported with its code', async () => {
  await using t = await setUp();
  const op = t.emulator.create({ durationMs: 20 * 60_000, error: { code: 9, message: 'the sink bucket is gone' } });
  assert.equal(await t.clock.run(waitForExport(t.client, op.name)), 'export failed: FAILED_PRECONDITION');
});

test('an RPC failure is not an export failure: it is thrown', async () => {
  await using t = await setUp();
  await assert.rejects(
    t.clock.run(waitForExport(t.client, 'transferOperations/none')),
    (err) => err instanceof RpcError && err.code === Code.NOT_FOUND,
  );
});
