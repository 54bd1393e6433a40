// The logger option and the LONGRUNNING_DEBUG switch: what they tell, and that no credential is ever in it.
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Code, OperationsClient, services, type AuthClient, type Logger } from '../../src/index.js';
import { closedPort, clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

const TOKEN = 'ya29.CANARY-logger-d41d8cd98f00b204e9800998ecf8427e';
const API_KEY = 'AIzaCANARY-logger-0123456789abcdef';
const SESSION = 'sess-CANARY-logger-fedcba9876543210';

const auth: AuthClient = { getRequestHeaders: async () => ({ authorization: `Bearer ${TOKEN}` }) };

/** A logger that keeps every line, as text: the message and the fields serialised, as a log shipper would. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: object) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(SESSION);
}

describe('the logger option', () => {
  for (const transport of TRANSPORTS) {
    it(`over ${transport}: tells each call, retry and wait, and never a credential, whatever fails`, async () => {
      await using emulator = await emulatorFor(services.standard);
      const logger = recordingLogger();
      // A header named like a credential, one that is not, and a server that echoes a secret in its error message.
      const headers = { 'x-goog-api-key': API_KEY, 'x-session': SESSION };
      const options = { headers, logger, retry: { initialDelayMs: 1, randomize: false } as const, timeoutMs: 2_000 };
      using client = clientFor(emulator, transport, options);
      const op = emulator.create({ durationMs: 40 });
      await client.poller(op.name, { initialDelayMs: 10 });
      emulator.failNext(1, { code: Code.UNAVAILABLE, message: `backend refused key ${API_KEY} and session ${SESSION}` });
      await client.getOperation(op.name);
      emulator.failNext(1, { code: Code.PERMISSION_DENIED, message: `key ${API_KEY} lacks permission` });
      await rejection(client.getOperation(op.name));
      await rejection(client.getOperation('operations/none'));
      // With credentials: gRPC's TLS against the plaintext emulator fails; REST over https:// fails likewise.
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint.replace('http:', 'https:');
      using withAuth = new OperationsClient({ ...options, endpoint, transport, auth, retry: false });
      await rejection(withAuth.getOperation(op.name));
      const port = await closedPort();
      using unreachable = new OperationsClient({
        ...options,
        transport,
        insecure: true,
        retry: false,
        endpoint: transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
      });
      await rejection(unreachable.getOperation(op.name));

      const text = logger.lines.join('\n');
      expectNoCanary(text);
      expect(text).toContain('[redacted]');
      const rpc = transport === 'grpc' ? 'WaitOperation' : 'GetOperation';
      expect(logger.lines.some((l) => l.startsWith(`debug ${rpc} ${op.name}: start`))).toBe(true);
      expect(logger.lines.some((l) => l.startsWith(`debug ${rpc} ${op.name}: OK in `))).toBe(true);
      expect(logger.lines.some((l) => l.startsWith(`info GetOperation ${op.name}: UNAVAILABLE, retrying in `))).toBe(true);
      expect(logger.lines.some((l) => l.startsWith(`debug GetOperation ${op.name}: PERMISSION_DENIED in `))).toBe(true);
      expect(logger.lines.some((l) => l.startsWith(`debug wait on ${op.name}: response (OK) after `))).toBe(true);
      const start = logger.lines.find((l) => l.startsWith(`debug GetOperation operations/none: start`))!;
      expect(JSON.parse(start.slice(start.indexOf('{')))).toEqual({
        transport,
        headers: { 'x-goog-api-key': '[redacted]', 'x-session': '[redacted]', 'x-goog-request-params': 'name=operations%2Fnone' },
      });
    });
  }

  it('is checked: an object with debug, info, warn and error', () => {
    const base = { endpoint: 'localhost:1', insecure: true };
    expect(() => new OperationsClient({ ...base, logger: 'console' as never })).toThrow(TypeError);
    expect(() => new OperationsClient({ ...base, logger: { debug() {}, info() {}, warn() {} } as never })).toThrow(/logger\.error/);
    expect(() => new OperationsClient({ ...base, logger: console })).not.toThrow();
  });

  it('one that throws does not fail the call it tells of', async () => {
    await using emulator = await emulatorFor(services.standard);
    const boom = () => {
      throw new Error('the log is full');
    };
    using client = clientFor(emulator, 'grpc', { logger: { debug: boom, info: boom, warn: boom, error: boom } });
    const op = emulator.create();
    expect((await client.getOperation(op.name)).name).toBe(op.name);
    expect(await client.poller(op.name)).toBeUndefined();
  });
});

describe('LONGRUNNING_DEBUG', () => {
  const script = `
    const { OperationsClient } = await import(${JSON.stringify(pathToFileURL(`${DIST}index.js`).href)});
    const { startEmulator } = await import(${JSON.stringify(pathToFileURL(`${DIST}testing/index.js`).href)});
    const emulator = await startEmulator();
    for (const transport of ['grpc', 'rest']) {
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
      const client = new OperationsClient({ endpoint, transport, insecure: true, headers: { authorization: 'Bearer ${TOKEN}', 'x-goog-api-key': '${API_KEY}' } });
      const op = emulator.create({ durationMs: 20 });
      await client.poller(op.name);
      await client.getOperation('operations/none').catch(() => {});
      client.close();
    }
    await emulator.close();`;

  const runWith = (value: string | undefined) =>
    run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, LONGRUNNING_DEBUG: value }, timeout: 15_000 });

  it('=1 logs every call and wait to stderr, one line each, with no credential', async () => {
    const { stdout, stderr } = await runWith('1');
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line).toMatch(/^longrunning (debug|info): /);
    expect(stderr).toContain('GetOperation operations/none: NOT_FOUND in ');
    expect(stderr).toMatch(/wait on operations\/\S+: response \(OK\)/);
    expect(stderr).toContain('"authorization":"[redacted]"');
    expectNoCanary(stderr);
  });

  it('unset, empty, 0 or false, logs nothing', async () => {
    for (const value of [undefined, '', '0', 'false']) {
      const { stderr } = await runWith(value);
      expect(stderr, `LONGRUNNING_DEBUG=${value}`).toBe('');
    }
  });
});
