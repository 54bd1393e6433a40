// lro wait while the service fails and recovers, and the poll count between state changes: in process, against an emulator with faults.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { Interrupted, OutputFailed } from '../../src/cli/exit-codes.js';
import { startInProcess } from './cli-process.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const FAST_POLLS = ['--initial-delay', '50ms', '--max-delay', '100ms'];

// Faults hit every call of an emulator: the tests here run one at a time, on an emulator of their own.
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
});

afterEach(() => emulator.clearFaults());

afterAll(async () => {
  await emulator?.close();
});

// Over REST the standard profile polls with GetOperation: over gRPC a failing WaitOperation may end DEADLINE_EXCEEDED too, by timing.
const env = () => ({ LRO_ENDPOINT: emulator.restEndpoint, LRO_INSECURE: '1' });

/** An operation whose state never changes until it is completed. */
function unchanging() {
  return emulator.create({ durationMs: Infinity, metadata: { '@type': STRUCT, value: { state: 'RUNNING', progressPercent: 10 } } });
}

async function callsGrowBy(n: number): Promise<void> {
  const target = emulator.calls.total + n;
  while (emulator.calls.total < target) await new Promise((resolve) => setTimeout(resolve, 20));
}

test('failed polls are told once, then "reachable again"; the wait goes on to the end', async () => {
  const op = unchanging();
  const run = startInProcess(['wait', op.name, ...FAST_POLLS], env());
  await run.waitFor(/10% · RUNNING/);
  emulator.setFaults({ unavailableRate: 1 });
  await run.waitFor(/retrying/);
  // More failed polls (each is a few calls: the client retries too) say nothing more.
  await callsGrowBy(8);
  emulator.clearFaults();
  await run.waitFor(/^lro: reachable again$/m);
  emulator.complete(op.name, { response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'ok' } });
  expect(await run.exited).toBe(0);
  const notices = run
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('lro: '));
  expect(notices).toEqual(['lro: GetOperation failed (UNAVAILABLE: emulator: injected UNAVAILABLE); retrying', 'lro: reachable again']);
  expect(run.stdout()).toBe('response (google.protobuf.StringValue): ok\n');
});

test('a timeout while polls fail says how many of the last polls failed, and exits 3', async () => {
  // One failing poll takes up to 1.5 s (lro's client retries it three times with backoff): the timeout leaves room for
  // at least one to end after the faults start, however late the first answer comes on a busy machine.
  const op = unchanging();
  const run = startInProcess(['wait', op.name, '--timeout', '4s', ...FAST_POLLS], env());
  await run.waitFor(/10% · RUNNING/);
  emulator.setFaults({ unavailableRate: 1 });
  expect(await run.exited).toBe(3);
  expect(run.stderr().trimEnd().split('\n').at(-1)).toMatch(
    /^lro: timed out after 4\.0s: operations\/\S+ is not done yet \(last seen: 10% · RUNNING\); the last (poll|\d+ polls) failed: UNAVAILABLE: emulator: injected UNAVAILABLE$/,
  );
});

test('on a terminal the live line counts every poll, not only changes, and shows failing polls', async () => {
  const op = unchanging();
  const run = startInProcess(['wait', op.name, ...FAST_POLLS], env(), { tty: true });
  // The state never changes, yet the count goes up.
  await run.waitFor(/· [4-9] polls {2}operations\//);
  emulator.setFaults({ unavailableRate: 1 });
  await run.waitFor(/ polls {2}UNAVAILABLE, retrying \(\d+ failed\) {2}operations\//);
  run.abort(new Interrupted('SIGINT'));
  expect(await run.exited).toBe(130);
  // The live line told it: no plain line besides.
  expect(run.stderr()).not.toMatch(/^lro: .*retrying/m);
});

test('a closed stdout ends the wait with 141 and nothing said', async () => {
  const op = unchanging();
  const run = startInProcess(['wait', op.name, '--json', ...FAST_POLLS], env());
  await run.waitFor(/"done":false/, 'stdout');
  run.abort(new OutputFailed(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
  expect(await run.exited).toBe(141);
  expect(run.stderr()).not.toContain('lro:');
});
