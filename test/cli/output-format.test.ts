// --format text, json and value(FIELD,...): the parse, the fields as printed, and each command's stdout under them, in process.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { fieldText, parseFormat, recordLine } from '../../src/cli/output-format.js';
import { Interrupted } from '../../src/cli/exit-codes.js';
import { inProcess, startInProcess } from './cli-process.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const FAST_POLLS = ['--initial-delay', '50ms', '--max-delay', '100ms'];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
});

afterAll(async () => {
  await emulator?.close();
});

const env = () => ({ LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' });

describe('the format as written', () => {
  test.each([
    ['text', { kind: 'text' }],
    ['json', { kind: 'json' }],
    [' json ', { kind: 'json' }],
    ['value(name)', { kind: 'value', fields: [{ text: 'name', steps: ['name'] }] }],
    [
      'value(name, metadata.@type, error.details[0].reason, a.0.b)',
      {
        kind: 'value',
        fields: [
          { text: 'name', steps: ['name'] },
          { text: 'metadata.@type', steps: ['metadata', '@type'] },
          { text: 'error.details[0].reason', steps: ['error', 'details', 0, 'reason'] },
          { text: 'a.0.b', steps: ['a', 0, 'b'] },
        ],
      },
    ],
  ])('%j', (text, format) => {
    expect(parseFormat(text)).toEqual(format);
  });

  test.each([
    ['yaml', /^unknown format 'yaml' for --format; expected text, json or value\(FIELD\[,FIELD\.\.\.\]\)$/],
    ['value', /^unknown format 'value'/],
    ['value()', /names no field/],
    ['value(name,,done)', /names no field between two commas/],
    ['value(a..b)', /^bad field 'a\.\.b' in --format 'value\(a\.\.b\)'/],
    ['value(a[x])', /^bad field 'a\[x\]'/],
  ])('%j is refused', (text, message) => {
    expect(() => parseFormat(text)).toThrow(message);
  });

  test('a field as value() prints it: strings as they are, lists of plain values joined by ;, the rest as JSON, missing as nothing', () => {
    expect([fieldText('a b'), fieldText(3), fieldText(true), fieldText(null), fieldText(undefined)]).toEqual(['a b', '3', 'true', '', '']);
    expect(fieldText(['a', 1, false])).toBe('a;1;false');
    expect(fieldText({ x: [1, { y: 2 }] })).toBe('{"x":[1,{"y":2}]}');
    expect(fieldText('two\tcolumns\nand lines')).toBe('two\\tcolumns\\nand lines');
    const format = parseFormat('value(name,done,metadata.progress_percent,error.code,nope.deeper)');
    expect(format.kind).toBe('value');
    const line = recordLine(format as Exclude<typeof format, { kind: 'text' }>, {
      name: 'operations/a',
      done: false,
      metadata: { progressPercent: 40 },
    });
    // A snake_case path finds the lowerCamelCase field of proto3 JSON; a missing one is an empty column.
    expect(line).toBe('operations/a\tfalse\t40\t\t');
  });
});

describe('each command under --format', () => {
  test('get: value(...) prints the fields, tab-separated; json is what --json prints', async () => {
    const op = emulator.create({
      durationMs: Infinity,
      metadata: { '@type': STRUCT, value: { state: 'RUNNING', progressPercent: 40 } },
    });
    const value = await inProcess(['get', op.name, '--format', 'value(name,done,metadata.value.state,error.code)'], env());
    expect(value).toEqual({ code: 0, stdout: `${op.name}\tfalse\tRUNNING\t\n`, stderr: '' });
    const json = await inProcess(['get', op.name, '--format', 'json'], env());
    const short = await inProcess(['get', op.name, '--json'], env());
    expect(json.stdout).toBe(short.stdout);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: op.name, done: false });
    const both = await inProcess(['get', op.name, '--json', '--format', 'json'], env());
    expect(both.stdout).toBe(short.stdout);
    const text = await inProcess(['get', op.name, '--format', 'text'], env());
    expect(text.stdout).toMatch(new RegExp(`^${op.name}\\n  state: running · 40% · RUNNING\\n`));
  });

  test('get: value(error.code) of a failed operation', async () => {
    const op = emulator.create({ error: { code: 9, message: 'no' } });
    expect(await inProcess(['get', op.name, '--format', 'value(error.code,error.message)'], env())).toEqual({
      code: 0,
      stdout: '9\tno\n',
      stderr: '',
    });
  });

  test('list: a line of fields per operation', async () => {
    const a = emulator.create({ response: { '@type': STRING, value: 'a' } });
    const r = await inProcess(['list', '--format', 'value(name,done,response.value)', '--filter', 'done=true'], env());
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain(`${a.name}\ttrue\ta`);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .every((l) => l.split('\t').length === 3),
    ).toBe(true);
  });

  test('wait: value(...) prints the last state only, on success or failure', async () => {
    const ok = emulator.create({ durationMs: 300, response: { '@type': STRING, value: 'fine' } });
    const r = await inProcess(['wait', ok.name, '--format', 'value(name,done,response.value)', ...FAST_POLLS], env());
    expect(r).toMatchObject({ code: 0, stdout: `${ok.name}\ttrue\tfine\n` });
    const failed = emulator.create({ error: { code: 7, message: 'denied' } });
    const f = await inProcess(['wait', failed.name, '--format', 'value(done,error.code)'], env());
    expect(f.code).toBe(1);
    expect(f.stdout).toBe('true\t7\n');
    expect(f.stderr).toMatch(/^lro: operation \S+ failed: PERMISSION_DENIED \(7\): denied\n/);
  });

  test('wait --timeout: value(...) prints the state last seen, not done', async () => {
    const op = emulator.create({ durationMs: Infinity, metadata: { '@type': STRUCT, value: { state: 'RUNNING' } } });
    const r = await inProcess(
      ['wait', op.name, '--timeout', '1s', '--format', 'value(done,metadata.value.state,polls)', ...FAST_POLLS],
      env(),
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^false\tRUNNING\t\d+\n$/);
  });

  test('wait on many: a line of fields per outcome, in the order they end', async () => {
    const done = emulator.create({ response: { '@type': STRING, value: 'x' } });
    const failed = emulator.create({ error: { code: 5, message: 'gone' } });
    const r = await inProcess(['wait', done.name, failed.name, '--format', 'value(index,outcome,error.code)', ...FAST_POLLS], env());
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(['0\tsucceeded\t', '1\tfailed\t5']);
  });

  test('cancel and delete: the fields of their record', async () => {
    const op = emulator.create({ durationMs: Infinity });
    expect((await inProcess(['cancel', op.name, '--format', 'value(name,cancelRequested)'], env())).stdout).toBe(`${op.name}\ttrue\n`);
    expect((await inProcess(['delete', op.name, '--format', 'value(deleted)'], env())).stdout).toBe('true\n');
  });

  test('serve: value(grpc) prints the endpoint alone', async () => {
    const run = startInProcess(['serve', '--format', 'value(grpc,rest)']);
    await run.waitFor(/\n/, 'stdout');
    run.abort(new Interrupted('SIGTERM'));
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^127\.0\.0\.1:\d+\thttp:\/\/127\.0\.0\.1:\d+\n$/);
  });

  test.each([
    [
      ['get', 'operations/x', '--format', 'xml'],
      /^lro: unknown format 'xml' for --format; expected text, json or value\(FIELD\[,FIELD\.\.\.\]\)\n$/,
    ],
    [['list', '--json', '--format', 'text'], /^lro: --json is --format json, and --format says 'text'; give one\n$/],
    [['wait', 'operations/x', '--format', 'value()'], /^lro: --format 'value\(\)' names no field/],
    [['demo', '--format', 'json'], /^lro: unknown flag --format for 'lro demo'/],
  ])('%j is a usage error, before any call', async (argv, message) => {
    const before = emulator.calls.total;
    const r = await inProcess(argv, env());
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(emulator.calls.total).toBe(before);
  });
});
