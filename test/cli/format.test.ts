// The CLI's pure parts: durations, progress read from metadata, and how operations are printed.
import { describe, expect, test } from 'vitest';
import { EventEmitter } from 'node:events';
import { Code, RpcError, TypeRegistry, type Operation } from '../../src/index.js';
import { formatDuration, parseDuration } from '../../src/cli/duration.js';
import { parseCommandLine, type FlagValues } from '../../src/cli/flags.js';
import { checkEndpoint, connectionSettings } from '../../src/cli/connection.js';
import { rpcMessage } from '../../src/cli/context.js';
import { GuardedStream } from '../../src/cli/guarded-stream.js';
import { PollFailures } from '../../src/cli/poll-failures.js';
import { ProgressLine } from '../../src/cli/progress-line.js';
import { describeError } from '../../src/cli/run.js';
import { describeProgress, formatBytes, progressOf } from '../../src/cli/progress.js';
import { operationToJson, renderOperation } from '../../src/cli/operation-view.js';

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['1s', 1_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['0s', 0],
    ['1d', 86_400_000],
    [' 10s ', 10_000],
    ['.5s', 500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '5', '1x', '-1s', '1 s', 's', '1s2', '1.s', 'NaNs'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test.each([
    [0, '0ms'],
    [850, '850ms'],
    [4_250, '4.2s'],
    [65_000, '1m 05s'],
    [7_380_000, '2h 03m'],
    [90_000_000, '1d 01h'],
    [Infinity, '∞'],
  ])('%d ms prints as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('progress', () => {
  test('a percent field, at the top or one level down, in either spelling', () => {
    expect(progressOf({ progressPercent: 42, state: 'RUNNING' })).toEqual({ percent: 42, state: 'RUNNING' });
    expect(progressOf({ progress_percent: '7' })).toEqual({ percent: 7 });
    expect(progressOf({ common: { percentComplete: 12.5 } })).toEqual({ percent: 12.5 });
    expect(progressOf({ progress: 150 })).toEqual({});
  });

  test('Storage Transfer counters, as int64 strings, bytes before objects', () => {
    const p = progressOf({
      status: 'IN_PROGRESS',
      counters: { bytesFoundFromSource: '4096', bytesCopiedToSink: '1024', objectsFoundFromSource: '4', objectsCopiedToSink: '1' },
    });
    expect(p).toEqual({ percent: 25, done: 1024, total: 4096, unit: 'bytes', state: 'IN_PROGRESS' });
    expect(describeProgress(p)).toBe('25% · 1.0 KiB / 4.0 KiB · IN_PROGRESS');
    expect(progressOf({ counters: { bytesFoundFromSource: '0', objectsFoundFromSource: '10', objectsCopiedToSink: '5' } })).toMatchObject({
      percent: 50,
      unit: 'objects',
    });
  });

  test('the JSON form of an Any: a Struct is unwrapped', () => {
    expect(
      progressOf({
        '@type': 'type.googleapis.com/google.protobuf.Struct',
        value: { completedAnalysesCount: 3, totalRequestedAnalysesCount: 12 },
      }),
    ).toEqual({
      percent: 25,
      done: 3,
      total: 12,
      unit: 'analyses',
    });
  });

  test('nothing to say', () => {
    expect(progressOf(undefined)).toEqual({});
    expect(progressOf('text')).toEqual({});
    expect(describeProgress({})).toBe('');
  });

  test('bytes in binary units', () => {
    expect([0, 512, 1536, 3 * 2 ** 30, 5 * 2 ** 40].map(formatBytes)).toEqual(['0 B', '512 B', '1.5 KiB', '3.0 GiB', '5.0 TiB']);
  });
});

describe('the command line', () => {
  test('flags may come before or after the command', () => {
    const a = parseCommandLine(['--json', 'get', 'operations/x', '--endpoint', 'h:1']);
    const b = parseCommandLine(['get', '--endpoint', 'h:1', 'operations/x', '--json']);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'command', command: 'get', args: ['operations/x'], flags: { json: true, endpoint: 'h:1' } });
  });

  test('flags win over the environment; the transport follows the endpoint', () => {
    const flags = (argv: string[]) => (parseCommandLine(['get', 'operations/x', ...argv]) as { flags: FlagValues }).flags;
    const env = { LRO_ENDPOINT: 'http://env:1', LRO_SERVICE: 'gdc-translation', LRO_INSECURE: '1', LRO_TYPES: '/a.json:/b.proto' };
    expect(connectionSettings(flags([]), env)).toMatchObject({
      endpoint: 'http://env:1',
      transport: 'rest',
      insecure: true,
      typeFiles: ['/a.json', '/b.proto'],
    });
    expect(connectionSettings(flags([]), env).service.id).toBe('gdc-translation');
    const s = connectionSettings(flags(['--endpoint', 'flag:2', '--service', 'storage-transfer', '--types', '/c.json']), env);
    expect(s).toMatchObject({ endpoint: 'flag:2', transport: 'grpc', typeFiles: ['/c.json'] });
    expect(s.service.id).toBe('storage-transfer');
    expect(connectionSettings(flags(['--transport', 'rest']), { LRO_ENDPOINT: 'h:3', LRO_INSECURE: 'true' }).endpoint).toBe('http://h:3');
    expect(connectionSettings(flags(['--transport', 'rest']), { LRO_ENDPOINT: 'h:3' }).endpoint).toBe('https://h:3');
  });

  test('--no-insecure turns LRO_INSECURE off', () => {
    const flags = (argv: string[]) => (parseCommandLine(['get', 'operations/x', ...argv]) as { flags: FlagValues }).flags;
    const env = { LRO_ENDPOINT: 'h:3', LRO_INSECURE: '1', LRO_TRANSPORT: 'rest' };
    expect(connectionSettings(flags([]), env)).toMatchObject({ insecure: true, endpoint: 'http://h:3' });
    expect(connectionSettings(flags(['--no-insecure']), env)).toMatchObject({ insecure: false, endpoint: 'https://h:3' });
  });

  test.each(['h:1', 'h:65535', '[::1]:8080', 'localhost', 'http://h:1', 'https://h', 'http://[::1]:80/'])(
    'endpoint %s passes the check',
    (endpoint) => {
      const transport = endpoint.startsWith('http') ? 'rest' : 'grpc';
      expect(() => checkEndpoint(endpoint, transport, '--endpoint')).not.toThrow();
    },
  );
});

describe('operations as printed', () => {
  const types = new TypeRegistry();
  const running: Operation = {
    name: 'operations/a',
    done: false,
    metadata: types.pack('google.protobuf.Struct', { progressPercent: 30, labels: { team: 'data' }, steps: ['copy', 'verify'] }),
  };

  test('for people: name, state, payloads indented', () => {
    expect(renderOperation(types, running)).toBe(
      [
        'operations/a',
        '  state: running · 30%',
        '  metadata (google.protobuf.Struct):',
        '    progressPercent: 30',
        '    labels:',
        '      team: data',
        '    steps:',
        '      - copy',
        '      - verify',
        '',
      ].join('\n'),
    );
  });

  test('--json: proto3 JSON with done always present; unknown types keep their bytes', () => {
    expect(operationToJson(types, running)).toEqual({
      name: 'operations/a',
      done: false,
      metadata: {
        '@type': 'type.googleapis.com/google.protobuf.Struct',
        value: { progressPercent: 30, labels: { team: 'data' }, steps: ['copy', 'verify'] },
      },
    });
    const failed: Operation = {
      name: 'operations/b',
      done: true,
      error: { code: 5, message: 'gone', details: [{ typeUrl: 'type.googleapis.com/x.Unknown', value: new Uint8Array([1, 2]) }] },
    };
    expect(operationToJson(types, failed)).toEqual({
      name: 'operations/b',
      done: true,
      error: { code: 5, message: 'gone', details: [{ '@type': 'type.googleapis.com/x.Unknown', value: 'AQI=' }] },
    });
    expect(renderOperation(types, failed)).toContain(
      '  state: failed · NOT_FOUND\n  error: NOT_FOUND (5): gone\n    details:\n      - x.Unknown\n          value: AQI=\n',
    );
  });
});

describe('errors as told', () => {
  const types = new TypeRegistry();
  const resourceInfo = types.pack('google.rpc.ResourceInfo', {
    resourceType: 'google.longrunning.Operation',
    resourceName: 'operations/nope',
    description: 'gone',
  });

  test('NOT_FOUND leaves out its details, which repeat the message, unless debug', () => {
    const err = new RpcError(Code.NOT_FOUND, 'operation operations/nope not found', {
      method: 'GetOperation',
      details: types.unpackDetails([resourceInfo]),
    });
    expect(describeError(err)).toEqual(['NOT_FOUND: operation operations/nope not found (GetOperation)']);
    expect(describeError(err, true).slice(0, 3)).toEqual([
      'NOT_FOUND: operation operations/nope not found (GetOperation)',
      '  details:',
      '    - google.rpc.ResourceInfo',
    ]);
    const denied = new RpcError(Code.PERMISSION_DENIED, 'no', { method: 'GetOperation', details: types.unpackDetails([resourceInfo]) });
    expect(describeError(denied)).toContain('  details:');
  });

  test('TLS that met a plaintext server: OpenSSL cut to its reason, and a hint when lro used TLS', () => {
    const raw =
      'No connection established. Last error: Error: 804CCF1EB27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:';
    expect(rpcMessage(raw)).toBe('No connection established. Last error: TLS handshake failed: wrong version number');
    expect(rpcMessage(raw, { tlsHint: true })).toBe(
      'No connection established. Last error: TLS handshake failed: wrong version number (is it a plaintext emulator? try --insecure)',
    );
    expect(rpcMessage('connect ECONNREFUSED 127.0.0.1:1', { tlsHint: true })).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('failed polls', () => {
  const unavailable = new RpcError(Code.UNAVAILABLE, 'connect ECONNREFUSED', { method: 'GetOperation' });
  const deadline = new RpcError(Code.DEADLINE_EXCEEDED, 'Deadline exceeded', { method: 'GetOperation' });

  test('told when they start and for each new code; again after the service answered', () => {
    const f = new PollFailures();
    expect(f.answered(1)).toBeUndefined();
    expect(f.failed(unavailable, 2)).toBe('GetOperation failed (UNAVAILABLE: connect ECONNREFUSED); retrying');
    expect(f.failed(unavailable, 3)).toBeUndefined();
    expect(f.failed(deadline, 4)).toBe('GetOperation failed (DEADLINE_EXCEEDED: Deadline exceeded); retrying');
    expect(f.failed(unavailable, 5)).toBeUndefined();
    expect(f.problem).toBe('UNAVAILABLE, retrying (4 failed)');
    expect(f.summary).toBe('the last 4 polls failed: UNAVAILABLE: connect ECONNREFUSED');
    expect(f.failed(deadline, 6)).toBeUndefined();
    expect(f.problem).toBe('DEADLINE_EXCEEDED, retrying (5 failed)');
    expect(f.summary).toBe('the last 5 polls failed: UNAVAILABLE: connect ECONNREFUSED');
    // The latest answer is older than the last failure: still failing.
    expect(f.answered(1)).toBeUndefined();
    expect(f.answered(7)).toBe('reachable again');
    expect([f.streak, f.problem, f.summary]).toEqual([0, undefined, undefined]);
    expect(f.failed(deadline, 8)).toMatch(/^GetOperation failed \(DEADLINE_EXCEEDED/);
    expect(f.summary).toBe('the last poll failed: DEADLINE_EXCEEDED: Deadline exceeded');
    expect(f.lastFailedAttempt).toBe(8);
  });
});

describe('the process streams', () => {
  /** A stream like process.stdout: it reports write errors as events. */
  class FakeStream extends EventEmitter {
    text = '';
    isTTY = true;
    columns = 100;
    write(t: string): boolean {
      this.text += t;
      return true;
    }
  }

  test('the first error is handed on once; later writes are dropped', () => {
    const raw = new FakeStream();
    const failures: string[] = [];
    const stream = new GuardedStream(raw, (e) => failures.push(e.code ?? ''));
    stream.write('a');
    expect(stream.writable).toBe(true);
    raw.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    raw.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    stream.write('b');
    expect([raw.text, failures, stream.writable, stream.failure?.code]).toEqual(['a', ['EPIPE'], false, 'EPIPE']);
  });

  test('a live progress line stops drawing once its stream cannot be written', async () => {
    const stream = { text: '', isTTY: true, columns: 100, writable: true, write: (t: string) => (stream.text += t) };
    const line = new ProgressLine(stream, 'operations/a');
    line.update({ progress: { percent: 5 }, polls: 1 });
    expect(stream.text).toContain('5%');
    stream.writable = false;
    const before = stream.text;
    line.update({ progress: { percent: 6 }, polls: 2 });
    // The ticker would have redrawn twice by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    line.stop();
    expect(stream.text).toBe(before);
  });
});
