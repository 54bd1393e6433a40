import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { emulatorFor, TRANSPORTS } from '../helpers/setup.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../fixtures/wait-then-exit.ts', import.meta.url));

describe('a script whose wait has ended', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard);
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    it(`exits at once, no timer or socket holding it (${transport})`, async () => {
      const op = emulator.create({ durationMs: 60_000 });
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, 'timeout', endpoint, transport, op.name], {
        timeout: 15_000,
      });
      const ended = Number(/ended PollTimeoutError (\d+)/.exec(stdout)?.[1]);
      const exited = Number(/exit (\d+)/.exec(stdout)?.[1]);
      expect(ended).toBeGreaterThanOrEqual(290);
      // The operation runs for a minute more; the process must not wait for it, nor for a poll timer.
      expect(exited - ended).toBeLessThan(1_000);
      expect(emulator.peek(op.name)?.done).toBe(false);
    });

    it(`stays alive through a retried call until the outcome is in (${transport})`, async () => {
      const op = emulator.create({ response: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '3s' } });
      emulator.failNext(1, { code: 14, message: 'restarting' });
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, 'resolve', endpoint, transport, op.name], {
        timeout: 15_000,
      });
      expect(stdout).toContain('resolved {"seconds":"3"}');
      expect(stdout).toMatch(/code 0/);
    });

    it(`tells every consumer the outcome when a listener throws (${transport})`, async () => {
      const op = emulator.create({ durationMs: 100 });
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
      const failure = await run(process.execPath, ['--import', 'tsx', script, 'throwing-listener', endpoint, transport, op.name], {
        timeout: 15_000,
      }).then(
        () => undefined,
        (err: { stdout: string; stderr: string; code: number }) => err,
      );
      // The awaiter and the next listener hear the result; the listener's own error still surfaces, as from any event listener.
      expect(failure?.stdout).toContain('awaited');
      expect(failure?.stdout).toContain('the next listener heard');
      expect(failure?.stderr).toContain('a bug in a done listener');
      expect(failure?.code).toBe(1);
    });
  }
});
