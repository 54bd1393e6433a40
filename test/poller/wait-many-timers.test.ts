// Waiting on many on the system clock: an abort and a timeout leave no real timer behind. Alone in its file, so that no other test's timers come and go meanwhile.
import { expect, it } from 'vitest';
import { OperationsClient, PollTimeoutError } from '../../src/index.js';
import { startEmulator } from '../../src/testing/index.js';
import { rejection } from '../helpers/setup.js';

/** Real timers alive now: what `process.getActiveResourcesInfo()` calls Timeout. */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

it('an abort and a timeout leave no timer behind', async () => {
  await using emulator = await startEmulator({ listen: false });
  using client = new OperationsClient({ transport: emulator.transport(), poll: { useWait: 'never', initialDelayMs: 3_600_000 } });
  // Made from Operations, the pollers sleep an hour before their first poll: no RPC is in flight at the end.
  const ops = Array.from({ length: 500 }, () => emulator.create({ durationMs: Infinity }));

  // Read in one synchronous stretch each time, the counts can only move by what the call itself does.
  let before = liveTimers();
  const timedOut = client.waitAll(ops, { timeoutMs: 50 });
  // 500 sleeps on the client's scheduler, which holds one timer for all of them, and the call's one deadline.
  expect(client.polling.scheduler.queued).toBe(500);
  expect(liveTimers()).toBe(before + 2);
  const outcomes = await timedOut;
  expect(outcomes.every((o) => o.status === 'failed' && o.error instanceof PollTimeoutError)).toBe(true);
  expect(liveTimers()).toBe(before);

  const controller = new AbortController();
  before = liveTimers();
  const aborted = rejection(client.waitAll(ops, { signal: controller.signal, timeoutMs: 3_600_000 }));
  expect(client.polling.scheduler.queued).toBe(500);
  expect(liveTimers()).toBe(before + 2);
  controller.abort(new Error('stop'));
  expect(liveTimers()).toBe(before);
  expect(await aborted).toMatchObject({ message: 'stop' });
  expect(liveTimers()).toBe(before);
  expect(emulator.calls.total).toBe(0);
});
