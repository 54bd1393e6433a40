// Without a tracer provider nothing is traced and no span work is done; without @opentelemetry/api at all, everything works as before.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ProxyTracer, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Code, services } from '../../src/index.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('with @opentelemetry/api but no tracer provider registered', () => {
  afterAll(() => vi.restoreAllMocks());

  for (const transport of TRANSPORTS) {
    it(`calls and waits over ${transport} work, and no tracer is asked for and no span started`, async () => {
      const proxy = trace.getTracerProvider();
      const getTracerProvider = vi.spyOn(trace, 'getTracerProvider');
      const getTracer = vi.spyOn(proxy, 'getTracer');
      const startSpan = vi.spyOn(ProxyTracer.prototype, 'startSpan');
      const setSpan = vi.spyOn(trace, 'setSpan');

      await using emulator = await emulatorFor(services.standard);
      using client = clientFor(emulator, transport, { retry: { initialDelayMs: 1, randomize: false } });
      const op = emulator.create({ durationMs: 50 });
      expect(await client.poller(op.name)).toBeUndefined();
      emulator.failNext(1, { code: Code.UNAVAILABLE, message: 'once' });
      expect((await client.getOperation(op.name)).done).toBe(true);
      expect(await rejection(client.getOperation('operations/none'))).toMatchObject({ code: Code.NOT_FOUND });

      // The same API instance as the package's: it asked whether a provider is registered, and went no further.
      expect(getTracerProvider).toHaveBeenCalled();
      expect(getTracer).not.toHaveBeenCalled();
      expect(startSpan).not.toHaveBeenCalled();
      expect(setSpan).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    });
  }
});

describe('without @opentelemetry/api installed', () => {
  it('the built package imports, calls and waits over both transports, and prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longrunning-no-otel-'));
    try {
      // A resolve hook that finds no @opentelemetry/api, as in an app that never installed it.
      writeFileSync(
        join(dir, 'hooks.mjs'),
        `export async function resolve(specifier, context, next) {
          if (specifier === '@opentelemetry/api' || specifier.startsWith('@opentelemetry/api/')) {
            throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
          }
          return next(specifier, context);
        }`,
      );
      writeFileSync(
        join(dir, 'register.mjs'),
        `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});`,
      );
      writeFileSync(
        join(dir, 'main.mjs'),
        `const { OperationsClient } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'index.js')).href)});
        const { startEmulator } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'testing/index.js')).href)});
        let missing = false;
        try { await import('@opentelemetry/api'); } catch { missing = true; }
        if (!missing) throw new Error('the hook let @opentelemetry/api through');
        const emulator = await startEmulator();
        for (const transport of ['grpc', 'rest']) {
          const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
          const client = new OperationsClient({ endpoint, transport, insecure: true });
          const op = emulator.create({ durationMs: 30 });
          await client.poller(op.name);
          await client.getOperation(op.name);
          await client.getOperation('operations/none').catch((e) => { if (e.code !== 5) throw e; });
          client.close();
        }
        await emulator.close();
        process.stdout.write('ok');`,
      );
      const env = { ...process.env, LONGRUNNING_DEBUG: '' };
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'main.mjs')],
        {
          env,
          timeout: 15_000,
        },
      );
      expect(stdout).toBe('ok');
      expect(stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
