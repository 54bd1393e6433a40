// lro serve: the hint it prints leads to decoded progress, and a port or host it cannot listen on is one line and exit 2.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { listenFailure } from '../../src/cli/commands/serve.js';
import { Interrupted } from '../../src/cli/exit-codes.js';
import { killStragglers, runLro, startInProcess } from './cli-process.js';

let transferProtos: string;
let taken: Emulator;

beforeAll(async () => {
  transferProtos = createRequire(import.meta.url).resolve('@google-cloud/storage-transfer/build/protos/protos.json');
  taken = await startEmulator({ profile: services.standard });
});

afterAll(async () => {
  killStragglers();
  await taken?.close();
});

describe('the storage-transfer seed', () => {
  test('its hint sets LRO_TYPES to the descriptor it used; following it decodes the progress', async () => {
    const run = startInProcess(['serve', '--seed', '--profile', 'storage-transfer']);
    await run.waitFor(/^lro: try .*\n/m);
    const hint = /^lro: try {2}(.*) lro wait (\S+)$/m.exec(run.stderr())!;
    const vars = Object.fromEntries(hint[1]!.split(' ').map((kv) => kv.split('=') as [string, string]));
    expect(vars).toEqual({
      LRO_ENDPOINT: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      LRO_INSECURE: '1',
      LRO_SERVICE: 'storage-transfer',
      LRO_TYPES: transferProtos,
    });
    try {
      const got = startInProcess(['get', hint[2]!], vars);
      expect(await got.exited).toBe(0);
      expect(got.stdout()).toMatch(/metadata \(google\.storagetransfer\.v1\.TransferOperation\):/);
      expect(got.stdout()).toMatch(/state: running · [\d.]+% · .+ \/ 3\.0 GiB · IN_PROGRESS/);
    } finally {
      run.abort(new Interrupted('SIGINT'));
    }
    expect(await run.exited).toBe(0);
  });

  test('--json carries the same LRO_TYPES as "types"', async () => {
    const run = startInProcess(['serve', '--seed', '--profile', 'storage-transfer', '--json']);
    await run.waitFor(/\}\n/, 'stdout');
    run.abort(new Interrupted('SIGTERM'));
    expect(await run.exited).toBe(0);
    expect(JSON.parse(run.stdout())).toMatchObject({ profile: 'storage-transfer', types: transferProtos });
  });
});

describe('a place it cannot listen on', () => {
  test('a gRPC port in use: one line, exit 2, no grpc-js log', async () => {
    const port = Number(taken.grpcEndpoint.split(':')[1]);
    const r = await runLro(['serve', '--grpc-port', String(port)]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`lro: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    expect(r.code).toBe(2);
  });

  test('a host that does not resolve', async () => {
    const run = startInProcess(['serve', '--host', 'nosuch.invalid']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe('lro: cannot listen on nosuch.invalid: no such host\n');
  });

  test.each([
    [
      'No address added out of total 1 resolved errors: [listen EADDRNOTAVAIL: address not available 10.255.255.1]',
      { host: '10.255.255.1' },
      'cannot listen on 10.255.255.1: EADDRNOTAVAIL',
    ],
    [
      'No address added out of total 1 resolved errors: [listen EACCES: permission denied 0.0.0.0:80]',
      { host: '0.0.0.0', grpcPort: 80 },
      'cannot listen on 0.0.0.0:80: EACCES',
    ],
    ['Failed to parse DNS address dns:[[::1]:0', { host: '[::1' }, "cannot listen on '[::1': not a host name or address"],
  ] as const)('grpc-js: %s', (message, plan, line) => {
    expect(listenFailure(new Error(message), plan)).toBe(line);
  });

  test('node:net errors keep their own address; anything else is not a listen failure', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', syscall: 'listen', address: '::1', port: 8080 });
    expect(listenFailure(inUse, { host: '::1' })).toBe('cannot listen on [::1]:8080: EADDRINUSE');
    expect(listenFailure(new Error('something else'), { host: '127.0.0.1' })).toBeUndefined();
  });
});
