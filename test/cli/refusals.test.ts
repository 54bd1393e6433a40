// Exit 5 for a request the client refuses before any call, 4 for a service's own refusal; library option names said as flags.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Code, OperationsClient, RpcError, services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { EXIT, exitCodeFor, RequestRefused, UsageError } from '../../src/cli/exit-codes.js';
import { inFlagWords } from '../../src/cli/flag-wording.js';
import { inProcess } from './cli-process.js';

let standard: Emulator;
let transfer: Emulator;
let translation: Emulator;

beforeAll(async () => {
  [standard, transfer, translation] = await Promise.all([
    startEmulator({ profile: services.standard }),
    startEmulator({ profile: services.storageTransfer }),
    startEmulator({ profile: services.gdcTranslation }),
  ]);
});

afterAll(async () => {
  await Promise.all([standard?.close(), transfer?.close(), translation?.close()]);
});

function envFor(emulator: Emulator, service: string, transport: 'grpc' | 'rest' = 'rest'): Record<string, string> {
  return { LRO_ENDPOINT: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint, LRO_INSECURE: '1', LRO_SERVICE: service };
}

const TRANSFER_NAME = 'transferOperations/transferJobs-1-2';
const TRANSLATION_NAME = 'projects/p/locations/l/operations/o';

describe('refused before any call: exit 5, one line, nothing sent', () => {
  test.each([
    ['a name the profile refuses', 'standard', ['get', 'jobs/1'], /^lro: INVALID_ARGUMENT: 'jobs\/1' is not a name .* \(GetOperation\)\n$/],
    [
      'a name refused for cancel',
      'standard',
      ['cancel', '../x'],
      /^lro: INVALID_ARGUMENT: '\.\.\/x' is not a name .* \(CancelOperation\)\n$/,
    ],
    ['a name among many', 'standard', ['wait', 'operations/a', 'jobs/2'], /^lro: INVALID_ARGUMENT: 'jobs\/2' is not a name/],
    [
      'a method the profile lacks: DeleteOperation on Storage Transfer',
      'storage-transfer',
      ['delete', TRANSFER_NAME],
      /^lro: UNIMPLEMENTED: DeleteOperation is not offered by Storage Transfer \(DeleteOperation\)\n$/,
    ],
    [
      'CancelOperation where the service has none',
      'gdc-translation',
      ['cancel', TRANSLATION_NAME],
      /^lro: UNIMPLEMENTED: CancelOperation is not offered by .* \(CancelOperation\)\n$/,
    ],
    [
      '--cancel-on-interrupt where the service has no CancelOperation: refused before the wait begins',
      'gdc-translation',
      ['wait', TRANSLATION_NAME, '--cancel-on-interrupt'],
      /^lro: UNIMPLEMENTED: CancelOperation is not offered by/,
    ],
    [
      'a page size over the profile limit, said with the flag',
      'storage-transfer',
      ['list', '--filter', '{"projectId":"p"}', '--page-size', '257'],
      /^lro: INVALID_ARGUMENT: --page-size 257 is over Storage Transfer's limit of 256 \(ListOperations\)\n$/,
    ],
    [
      'wait --list with a page size over the limit',
      'storage-transfer',
      ['wait', '--list', 'transferOperations', '--filter', '{"projectId":"p"}', '--page-size', '1000'],
      /--page-size 1000 is over/,
    ],
    ['a filter the profile refuses', 'storage-transfer', ['list', '--filter', 'done=true'], /^lro: INVALID_ARGUMENT: .*filter/],
  ])('%s', async (_, service, argv, message) => {
    const emulator = service === 'standard' ? standard : service === 'storage-transfer' ? transfer : translation;
    const before = emulator.calls.total;
    const r = await inProcess(argv, envFor(emulator, service));
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/page_size|pageSize/);
    expect(emulator.calls.total).toBe(before);
  });

  test('over gRPC too', async () => {
    const r = await inProcess(['get', 'jobs/1'], envFor(standard, 'standard', 'grpc'));
    expect(r.code).toBe(5);
  });
});

describe("the service's own refusal is an RPC error: exit 4", () => {
  // A dedicated emulator: failNext hits every call on it.
  let faulty: Emulator;
  beforeAll(async () => {
    faulty = await startEmulator({ profile: services.standard });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  test.each([
    [Code.INVALID_ARGUMENT, 'INVALID_ARGUMENT'],
    [Code.UNIMPLEMENTED, 'UNIMPLEMENTED'],
  ])('%d from the wire', async (code, name) => {
    const op = faulty.create({});
    faulty.failNext(1, { code, message: 'the service says no', methods: ['get'] });
    const r = await inProcess(['get', op.name], envFor(faulty, 'standard'));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^lro: ${name}: .*the service says no`));
  });
});

describe('the codes', () => {
  test('5 for a refusal, 2 for usage, 4 for any RpcError that came from a call', () => {
    const refusal = new RpcError(Code.INVALID_ARGUMENT, 'page_size 300 is over the limit', { method: 'ListOperations' });
    const refused = new RequestRefused(refusal);
    expect(exitCodeFor(refused)).toBe(EXIT.REFUSED);
    expect(EXIT.REFUSED).toBe(5);
    expect(refused.error).toMatchObject({
      code: Code.INVALID_ARGUMENT,
      rawMessage: '--page-size 300 is over the limit',
      method: 'ListOperations',
    });
    expect(refused.cause).toBe(refusal);
    expect(exitCodeFor(new UsageError('bad flag'))).toBe(EXIT.USAGE);
    expect(exitCodeFor(refusal)).toBe(EXIT.RPC);
    expect(exitCodeFor(new RpcError(Code.UNIMPLEMENTED, 'no'))).toBe(EXIT.RPC);
  });

  test('--help and the README-style table list 5', async () => {
    const help = (await inProcess(['--help'])).stdout;
    expect(help).toMatch(/^ {2}5 {4}refused before any call: /m);
    expect((await inProcess(['wait', '--help'])).stdout).toMatch(/^ {2}5 {4}refused before any call: /m);
  });
});

describe("the library's option names, in lro's words", () => {
  test.each([
    [
      "insecure: true sends plaintext, and 'h' is not a loopback host; use TLS, or set dangerouslyAllowInsecureRemote: true for a network you control",
      "--insecure sends plaintext, and 'h' is not a loopback host; use TLS, or add --dangerously-allow-insecure-remote for a network you control",
    ],
    ['use https:// or insecure: true', 'use https:// or --insecure'],
    ['timeoutMs must be a positive number of milliseconds, got 0', '--timeout must be a positive number of milliseconds, got 0'],
    ['initialDelayMs must be a positive number, maxDelayMs too', '--initial-delay must be a positive number, --max-delay too'],
    ['page_size 300 is over the limit; pageSize 3', '--page-size 300 is over the limit; --page-size 3'],
    ['dangerouslyAllowInsecureRemote is off', '--dangerously-allow-insecure-remote is off'],
    // Options lro does not set from a flag keep their names.
    ['retry.initialDelayMs must be a non-negative number', 'retry.initialDelayMs must be a non-negative number'],
    ['maxInFlight must be a positive integer', 'maxInFlight must be a positive integer'],
  ])('%s', (library, cli) => {
    expect(inFlagWords(library)).toBe(cli);
  });

  test("the client's own messages, as the CLI passes them on", () => {
    const messageOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    const remote = messageOf(() => new OperationsClient({ endpoint: 'example.test:443', insecure: true }));
    expect(remote).toContain('insecure: true');
    expect(inFlagWords(remote)).toMatch(/^--insecure sends plaintext.*add --dangerously-allow-insecure-remote for a network you control$/);
    const plainHttp = messageOf(() => new OperationsClient({ endpoint: 'http://example.test:80', transport: 'rest' }));
    expect(inFlagWords(plainHttp)).toMatch(/use https:\/\/ or --insecure$/);
  });

  test('a plain-HTTP REST endpoint without --insecure: the flag, not the option', async () => {
    const r = await inProcess(['get', 'operations/x', '--endpoint', 'http://example.test:80']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^lro: endpoint 'http:\/\/example\.test:80' is plain HTTP: .*; use https:\/\/ or --insecure\n$/);
  });
});
