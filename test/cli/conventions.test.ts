// The CLI conventions as a script meets them, in spawned processes of the built lro: --format, -q, completion, did-you-mean, exit 5.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { killStragglers, runLro } from './cli-process.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const BASH = ['/usr/bin/bash', '/bin/bash'].find((p) => existsSync(p));

let standard: Emulator;
let transfer: Emulator;

beforeAll(async () => {
  [standard, transfer] = await Promise.all([
    startEmulator({ profile: services.standard }),
    startEmulator({ profile: services.storageTransfer }),
  ]);
});

afterAll(async () => {
  killStragglers();
  await Promise.all([standard?.close(), transfer?.close()]);
});

describe.concurrent('lro as a process', () => {
  test('get --format value(...) over REST: the fields, tab-separated', async () => {
    const op = standard.create({ response: { '@type': STRING, value: 'all done' } });
    const r = await runLro(['get', op.name, '--format', 'value(name,done,response.value)'], {
      LRO_ENDPOINT: standard.restEndpoint,
      LRO_INSECURE: '1',
    });
    expect(r).toMatchObject({ code: 0, stdout: `${op.name}\ttrue\tall done\n`, stderr: '' });
  });

  test('-q wait: the response on stdout, nothing on stderr', async () => {
    const op = standard.create({ durationMs: 200, response: { '@type': STRING, value: 'ok' } });
    const r = await runLro(['-q', 'wait', op.name, '--initial-delay', '50ms'], { LRO_ENDPOINT: standard.grpcEndpoint, LRO_INSECURE: '1' });
    expect(r).toMatchObject({ code: 0, stdout: 'response (google.protobuf.StringValue): ok\n', stderr: '' });
  });

  test('a method the service lacks is refused before any call: exit 5', async () => {
    const before = transfer.calls.total;
    const r = await runLro(['delete', 'transferOperations/transferJobs-1-2'], {
      LRO_ENDPOINT: transfer.grpcEndpoint,
      LRO_INSECURE: '1',
      LRO_SERVICE: 'storage-transfer',
    });
    expect(r).toMatchObject({
      code: 5,
      stdout: '',
      stderr: 'lro: UNIMPLEMENTED: DeleteOperation is not offered by Storage Transfer (DeleteOperation)\n',
    });
    expect(transfer.calls.total).toBe(before);
  });

  test('a mistyped command: did you mean, exit 2', async () => {
    expect(await runLro(['wiat', 'operations/x'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "lro: unknown command 'wiat'; did you mean 'wait'?\n",
    });
  });

  test.skipIf(!BASH)('completion bash: a script that bash -n accepts', async () => {
    const r = await runLro(['completion', 'bash']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^complete -F _lro lro$/m);
    expect(spawnSync(BASH!, ['-n'], { input: r.stdout, encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
});
