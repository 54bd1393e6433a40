// The CLI's pure parts: durations, progress read from metadata, and how operations are printed.
import { describe, expect, test } from 'vitest';
import { TypeRegistry, type Operation } from '../../src/index.js';
import { formatDuration, parseDuration } from '../../src/cli/duration.js';
import { parseCommandLine, type FlagValues } from '../../src/cli/flags.js';
import { connectionSettings } from '../../src/cli/connection.js';
import { describeProgress, formatBytes, progressOf } from '../../src/cli/progress.js';
import { operationToJson, renderOperation } from '../../src/cli/operation-view.js';

describe('durations', () => {
  test.each([
    ['500ms', 500], ['1s', 1_000], ['1.5m', 90_000], ['2h', 7_200_000], ['1h30m', 5_400_000], ['1m30s', 90_000], ['0s', 0], ['1d', 86_400_000], [' 10s ', 10_000], ['.5s', 500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '5', '1x', '-1s', '1 s', 's', '1s2', '1.s', 'NaNs'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test.each([[0, '0ms'], [850, '850ms'], [4_250, '4.2s'], [65_000, '1m 05s'], [7_380_000, '2h 03m'], [90_000_000, '1d 01h'], [Infinity, '∞']])('%d ms prints as %s', (ms, text) => {
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
    const p = progressOf({ status: 'IN_PROGRESS', counters: { bytesFoundFromSource: '4096', bytesCopiedToSink: '1024', objectsFoundFromSource: '4', objectsCopiedToSink: '1' } });
    expect(p).toEqual({ percent: 25, done: 1024, total: 4096, unit: 'bytes', state: 'IN_PROGRESS' });
    expect(describeProgress(p)).toBe('25% · 1.0 KiB / 4.0 KiB · IN_PROGRESS');
    expect(progressOf({ counters: { bytesFoundFromSource: '0', objectsFoundFromSource: '10', objectsCopiedToSink: '5' } })).toMatchObject({ percent: 50, unit: 'objects' });
  });

  test('the JSON form of an Any: a Struct is unwrapped', () => {
    expect(progressOf({ '@type': 'type.googleapis.com/google.protobuf.Struct', value: { completedAnalysesCount: 3, totalRequestedAnalysesCount: 12 } })).toEqual({
      percent: 25, done: 3, total: 12, unit: 'analyses',
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
    expect(connectionSettings(flags([]), env)).toMatchObject({ endpoint: 'http://env:1', transport: 'rest', insecure: true, typeFiles: ['/a.json', '/b.proto'] });
    expect(connectionSettings(flags([]), env).service.id).toBe('gdc-translation');
    const s = connectionSettings(flags(['--endpoint', 'flag:2', '--service', 'storage-transfer', '--types', '/c.json']), env);
    expect(s).toMatchObject({ endpoint: 'flag:2', transport: 'grpc', typeFiles: ['/c.json'] });
    expect(s.service.id).toBe('storage-transfer');
    expect(connectionSettings(flags(['--transport', 'rest']), { LRO_ENDPOINT: 'h:3', LRO_INSECURE: 'true' }).endpoint).toBe('http://h:3');
    expect(connectionSettings(flags(['--transport', 'rest']), { LRO_ENDPOINT: 'h:3' }).endpoint).toBe('https://h:3');
  });
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
      ['operations/a', '  state: running · 30%', '  metadata (google.protobuf.Struct):', '    progressPercent: 30', '    labels:', '      team: data', '    steps:', '      - copy', '      - verify', ''].join('\n'),
    );
  });

  test('--json: proto3 JSON with done always present; unknown types keep their bytes', () => {
    expect(operationToJson(types, running)).toEqual({
      name: 'operations/a',
      done: false,
      metadata: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { progressPercent: 30, labels: { team: 'data' }, steps: ['copy', 'verify'] } },
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
    expect(renderOperation(types, failed)).toContain('  state: failed · NOT_FOUND\n  error: NOT_FOUND (5): gone\n    details:\n      - x.Unknown\n          value: AQI=\n');
  });
});
