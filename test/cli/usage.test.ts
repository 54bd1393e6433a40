// Bad input: one line on stderr starting `lro: `, exit 2 (5 for a request the service's profile refuses), no stack trace, and no call reaches the service.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { COMMANDS } from '../../src/cli/command-table.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { closedPort, hasStackTrace, inProcess, killStragglers, runLro } from './cli-process.js';

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
  dir = mkdtempSync(join(tmpdir(), 'lro-usage-'));
});

afterAll(async () => {
  killStragglers();
  await emulator?.close();
});

function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^lro: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
  expect(hasStackTrace(r.stderr)).toBe(false);
}

function expectOneUsageLine(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expectOneLine(r, 2, pattern);
}

describe.concurrent('as a process', () => {
  const env = () => ({ LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' });

  test('an unknown flag', async () => {
    expectOneUsageLine(await runLro(['get', 'operations/x', '--frobnicate'], env()), /unknown flag --frobnicate for 'lro get'/);
  });

  test('a bad duration', async () => {
    expectOneUsageLine(
      await runLro(['wait', 'operations/x', '--timeout', '5'], env()),
      /bad duration '5' for --timeout; add a unit, e.g. 5s/,
    );
  });

  test('a missing argument', async () => {
    expectOneUsageLine(await runLro(['wait', '--timeout', '5s'], env()), /missing NAME: lro wait NAME/);
  });

  test('a name the service refuses (INVALID_ARGUMENT before any call): exit 5', async () => {
    const before = emulator.calls.total;
    expectOneLine(await runLro(['get', 'jobs/123'], env()), 5, /^lro: INVALID_ARGUMENT: 'jobs\/123' is not a name .* operations\/\*\*/);
    expect(emulator.calls.total).toBe(before);
  });

  test('a types file that is not a descriptor', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"nested": ');
    expectOneUsageLine(await runLro(['get', 'operations/x', '--types', file], env()), /types file .*broken\.json is not JSON/);
  });
});

describe('in process', () => {
  test('--help lists the commands, the environment and the exit codes', async () => {
    const r = await inProcess(['--help']);
    expect(r.code).toBe(0);
    for (const text of [
      'get NAME',
      'list [PARENT]',
      'wait NAME',
      'cancel NAME',
      'delete NAME',
      'serve',
      'demo',
      'LRO_ENDPOINT',
      'LRO_TRANSPORT',
      'LRO_SERVICE',
      'LRO_INSECURE',
      'LRO_TYPES',
    ]) {
      expect(r.stdout).toContain(text);
    }
    expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+3 .*\n\s+4 .*\n.*\n\s+5 .*\n.*\n\s+130 /);
  });

  test("--help names each service with its profile's summary; list --help gives the services' list rules", async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const global = flat((await inProcess(['--help'])).stdout);
    for (const profile of Object.values(services)) expect(global).toContain(`${profile.id} ${profile.help.summary}`);
    expect(global).toContain(`--filter '${services.storageTransfer.help.exampleFilter}'`);
    const list = flat((await inProcess(['list', '--help'])).stdout);
    expect(list).toContain(`storage-transfer ${services.storageTransfer.help.list}`);
    expect(list).toContain('fixed collection (operations, transferOperations)');
  });

  test.each(['get', 'list', 'wait', 'cancel', 'delete', 'serve'] as const)('lro %s --help names every flag it takes', async (command) => {
    const help = (await inProcess([command, '--help'])).stdout;
    for (const [flag, spec] of Object.entries(COMMANDS[command].flags)) {
      expect(help, `--${flag}`).toMatch(new RegExp(`(^|[\\s,(])--${flag}\\b`, 'm'));
      if ('short' in spec && spec.short) expect(help).toContain(`-${spec.short}, --${flag}`);
    }
  });

  test('help for each command, three ways', async () => {
    expect((await inProcess(['wait', '--help'])).stdout).toMatch(/^Usage: lro wait NAME/);
    expect((await inProcess(['help', 'list'])).stdout).toMatch(/^Usage: lro list \[PARENT\]/);
    expect((await inProcess(['serve', '-h'])).stdout).toMatch(/^Usage: lro serve/);
  });

  test('--version, and no arguments at all', async () => {
    expect(await inProcess(['--version'])).toEqual({ code: 0, stdout: 'lro 0.1.0\n', stderr: '' });
    const bare = await inProcess([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^lro: inspect and await/);
  });

  test.each([
    [['frob'], {}, /unknown command 'frob'/],
    [['get', 'operations/x'], {}, /no endpoint: pass --endpoint/],
    [['get', 'operations/x', '--transport', 'http'], { LRO_ENDPOINT: 'x:1' }, /unknown transport 'http' for --transport/],
    [['get', 'operations/x'], { LRO_ENDPOINT: 'x:1', LRO_TRANSPORT: 'smoke' }, /unknown transport 'smoke' for LRO_TRANSPORT/],
    [
      ['get', 'operations/x', '--service', 'nope'],
      { LRO_ENDPOINT: 'x:1' },
      /unknown service 'nope' for --service; expected standard, storage-transfer/,
    ],
    [['get', 'operations/x'], { LRO_ENDPOINT: 'x:1', LRO_INSECURE: 'maybe' }, /LRO_INSECURE must be 1, true, 0 or false/],
    [['get', 'operations/x', '--endpoint'], {}, /--endpoint needs a value/],
    [['get', 'operations/x', '--json=yes'], {}, /--json takes no value/],
    [['get', 'a', 'b'], {}, /unexpected argument 'b' for 'lro get'/],
    [['list', '--limit', '0'], { LRO_ENDPOINT: 'x:1' }, /--limit must be at least 1, got 0/],
    [['list', '--page-size', 'ten'], { LRO_ENDPOINT: 'x:1' }, /--page-size must be a whole number/],
    [['wait', 'operations/x', '--max-delay', '1x'], { LRO_ENDPOINT: 'x:1' }, /bad duration '1x' for --max-delay/],
    [['wait', 'operations/x', '--timeout', '0s'], { LRO_ENDPOINT: 'x:1' }, /--timeout must be at least 1ms, got '0s'/],
    [
      ['wait', 'operations/x', '--timeout', '-5s'],
      { LRO_ENDPOINT: 'x:1' },
      /^lro: bad duration '-5s' for --timeout; it cannot be negative\n/,
    ],
    [['wait', 'operations/x', '--timeout', '--json'], { LRO_ENDPOINT: 'x:1' }, /^lro: --timeout needs a value\n/],
    [['list', '--filter', '-x'], { LRO_ENDPOINT: 'x:1' }, /--filter needs a value; for one that starts with '-', write --filter=-x/],
    [
      ['get', 'operations/x', '--types', ''],
      { LRO_ENDPOINT: 'x:1' },
      /^lro: --types is empty; give a protos\.json descriptor or a \.proto file\n/,
    ],
    [['get', 'operations/x', '--insecure', '--no-insecure'], { LRO_ENDPOINT: 'x:1' }, /--insecure and --no-insecure contradict each other/],
    [
      ['get', 'operations/x', '--endpoint', 'http://127.0.0.1:99999'],
      {},
      /^lro: bad endpoint 'http:\/\/127\.0\.0\.1:99999' for --endpoint: port 99999 is out of range \(1-65535\)\n/,
    ],
    [
      ['get', 'operations/x', '--endpoint', 'http://[::1'],
      {},
      /^lro: bad endpoint 'http:\/\/\[::1' for --endpoint: expected http\(s\):\/\/host\[:port\]\n/,
    ],
    [
      ['get', 'operations/x'],
      { LRO_ENDPOINT: '127.0.0.1:0' },
      /^lro: bad endpoint '127\.0\.0\.1:0' for LRO_ENDPOINT: port 0 is out of range/,
    ],
    [['get', 'operations/x'], { LRO_ENDPOINT: 'user@h:1' }, /^lro: bad endpoint 'user@h:1' for LRO_ENDPOINT: expected host:port/],
    [['serve'], { LRO_SERVICE: 'nope' }, /^lro: unknown service 'nope' for LRO_SERVICE;/],
    [['get', 'operations/x', '--endpoint', 'http://h:1/v1/path'], {}, /endpoint for REST must read/],
    [
      ['get', 'operations/x', '--types', '/no/such/file.json'],
      { LRO_ENDPOINT: 'x:1' },
      /cannot read types file \/no\/such\/file\.json \(ENOENT\)/,
    ],
    [['serve', '--grpc-port', '70000'], {}, /--grpc-port must be from 0 to 65535/],
    [['serve', '--endpoint', 'x:1'], {}, /unknown flag --endpoint for 'lro serve'/],
  ] as [string[], Record<string, string>, RegExp][])('%j %j', async (argv, env, pattern) => {
    expectOneUsageLine(await inProcess(argv, env), pattern);
  });

  test('a list request the service would refuse is refused before any call, exit 5: Storage Transfer without a filter, a page over 256', async () => {
    const env = { LRO_ENDPOINT: `127.0.0.1:${await closedPort()}`, LRO_INSECURE: '1', LRO_SERVICE: 'storage-transfer' };
    expectOneLine(await inProcess(['list'], env), 5, /INVALID_ARGUMENT: Storage Transfer requires a filter/);
    expectOneLine(
      await inProcess(['list', '--filter', '{"projectId":"p"}', '--page-size', '300'], env),
      5,
      /^lro: INVALID_ARGUMENT: --page-size 300 is over Storage Transfer's limit of 256 \(ListOperations\)\n$/,
    );
    expectOneLine(await inProcess(['list', '--filter', '{"jobNames":[]}'], env), 5, /projectId is required/);
  });

  // Checked before any connection: against a closed port a connection would end UNAVAILABLE, exit 4.
  test.each([
    [['--max-delay', '0s'], /^lro: --max-delay must be at least 1ms, got '0s'\n$/],
    [['--initial-delay', '0ms'], /^lro: --initial-delay must be at least 1ms, got '0ms'\n$/],
    [['--initial-delay', '0.1ms'], /^lro: --initial-delay must be at least 1ms, got '0\.1ms'\n$/],
    [['--max-delay', '30d'], /^lro: --max-delay must be at most 2147483647ms \(about 24d 20h\), got '30d'\n$/],
  ])('wait %j: a delay out of range names the flag', async (flags, pattern) => {
    const env = { LRO_ENDPOINT: `127.0.0.1:${await closedPort()}`, LRO_INSECURE: '1' };
    expectOneUsageLine(await inProcess(['wait', 'operations/x', ...flags], env), pattern);
  });

  test('NOT_FOUND is one line; --debug adds its details', async () => {
    const env = { LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' };
    const plain = await inProcess(['get', 'operations/nope'], env);
    expect(plain).toEqual({ code: 4, stdout: '', stderr: 'lro: NOT_FOUND: operation operations/nope not found (GetOperation)\n' });
    const debug = await inProcess(['get', 'operations/nope', '--debug'], env);
    expect(debug.stderr).toMatch(/^lro: NOT_FOUND: .*\n  details:\n    - google\.rpc\.ResourceInfo\n/);
  });

  test('a .proto types file with a syntax error', async () => {
    const file = join(dir, 'bad.proto');
    writeFileSync(file, 'syntax = "proto3";\nmessage Broken { int32 = 1; }\n');
    expectOneUsageLine(
      await inProcess(['get', 'operations/x', '--types', file], { LRO_ENDPOINT: 'x:1' }),
      /types file .*bad\.proto is not a valid \.proto file/,
    );
  });

  test('--debug adds the stack trace', async () => {
    const r = await inProcess(['get', 'nope', '--debug'], { LRO_ENDPOINT: '127.0.0.1:1', LRO_INSECURE: '1' });
    expect(r.code).toBe(5);
    expect(r.stderr.split('\n')[0]).toMatch(/^lro: INVALID_ARGUMENT/);
    expect(hasStackTrace(r.stderr)).toBe(true);
  });
});
