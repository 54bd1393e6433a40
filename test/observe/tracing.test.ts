// Spans as an OpenTelemetry SDK records them: one CLIENT span per RPC after the RPC conventions, one per wait, polls under their wait.
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Code, OperationsClient, services, type Transport } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const SECRET = 'AIzaCANARY-tracing-0123456789';

const KIND_INTERNAL = 0;
const KIND_CLIENT = 2;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

beforeAll(() => {
  expect(trace.setGlobalTracerProvider(provider)).toBe(true);
});

afterEach(() => exporter.reset());

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
});

function spans(name?: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => name === undefined || s.name === name);
}

// The RPC spans of calls about one name: a call of an earlier test that ends late (an aborted poll) is not counted.
function rpcSpans(name: string): ReadableSpan[] {
  return spans().filter((s) => s.name.startsWith('google.longrunning.Operations/') && s.attributes['longrunning.operation.name'] === name);
}

function portOf(emulator: Emulator, transport: Transport): number {
  const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

describe('tracing', () => {
  // First in the file, so that it runs while @opentelemetry/api is still loading in this process.
  it('traces the process’s first wait too, begun before @opentelemetry/api has loaded', async () => {
    await using emulator = await startEmulator({ listen: false });
    using client = new OperationsClient({ transport: emulator.transport() });
    const op = emulator.create({ durationMs: 0 });
    await client.poller(op.name);
    const [wait] = spans('longrunning.wait');
    expect(wait?.attributes).toMatchObject({ 'longrunning.operation.name': op.name, 'longrunning.wait.ended_by': 'response' });
    const polls = rpcSpans(op.name);
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.parentSpanContext?.spanId).toBe(wait!.spanContext().spanId);
  });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      let emulator: Emulator;
      beforeAll(async () => {
        emulator = await emulatorFor(services.standard);
      });
      afterAll(() => emulator.close());
      afterEach(() => emulator.clearFaults());

      it('an RPC is one CLIENT span named after its method, with the RPC conventions’ attributes', async () => {
        using client = clientFor(emulator, transport, { headers: { 'x-goog-api-key': SECRET } });
        const op = emulator.create();
        await client.getOperation(op.name);
        const [span, ...more] = rpcSpans(op.name);
        expect(more).toEqual([]);
        expect(span!.name).toBe('google.longrunning.Operations/GetOperation');
        expect(span!.kind).toBe(KIND_CLIENT);
        expect(span!.parentSpanContext).toBeUndefined();
        expect(span!.status.code).toBe(STATUS_UNSET);
        expect(span!.instrumentationScope.name).toBe('longrunning');
        const common = {
          'rpc.service': 'google.longrunning.Operations',
          'rpc.method': 'GetOperation',
          'server.address': '127.0.0.1',
          'server.port': portOf(emulator, transport),
          'longrunning.operation.name': op.name,
          'longrunning.rpc.attempts': 1,
        };
        if (transport === 'grpc') {
          expect(span!.attributes).toEqual({ ...common, 'rpc.system': 'grpc', 'rpc.grpc.status_code': 0 });
        } else {
          expect(span!.attributes).toEqual({
            ...common,
            'rpc.system': 'http',
            'http.request.method': 'GET',
            'url.template': '/v1/{name=operations/**}',
            'http.response.status_code': 200,
          });
        }
        expect(JSON.stringify(span!.attributes)).not.toContain(SECRET);
      });

      it('a failed RPC has an error status, its code, and error.type', async () => {
        using client = clientFor(emulator, transport);
        await rejection(client.getOperation('operations/none'));
        const [span] = rpcSpans('operations/none');
        expect(span!.status.code).toBe(STATUS_ERROR);
        expect(span!.status.message).toMatch(/^NOT_FOUND: /);
        expect(span!.attributes['error.type']).toBe('NOT_FOUND');
        if (transport === 'grpc') expect(span!.attributes['rpc.grpc.status_code']).toBe(Code.NOT_FOUND);
        else expect(span!.attributes['http.response.status_code']).toBe(404);
      });

      it('retries stay in the call’s span: its attempts, and an event per retry with the code and delay', async () => {
        using client = clientFor(emulator, transport, { retry: { initialDelayMs: 1, maxDelayMs: 1, randomize: false } });
        const op = emulator.create();
        emulator.failNext(2, { code: Code.UNAVAILABLE, message: `down, key ${SECRET}` });
        await client.getOperation(op.name);
        const [span, ...more] = rpcSpans(op.name);
        expect(more).toEqual([]);
        expect(span!.status.code).toBe(STATUS_UNSET);
        expect(span!.attributes['longrunning.rpc.attempts']).toBe(3);
        expect(span!.events.map((e) => [e.name, e.attributes?.['longrunning.rpc.attempt'], e.attributes?.['error.type']])).toEqual([
          ['longrunning.retry', 1, 'UNAVAILABLE'],
          ['longrunning.retry', 2, 'UNAVAILABLE'],
        ]);
        expect(typeof span!.events[0]!.attributes?.['longrunning.retry.delay_ms']).toBe('number');
      });

      it('a wait is one span, parent of the spans of its polls: the operation, the polls, the outcome', async () => {
        using client = clientFor(emulator, transport);
        const op = emulator.create({ durationMs: 150 });
        await client.poller(op.name, { initialDelayMs: 20 });
        const [wait, ...more] = spans('longrunning.wait');
        expect(more).toEqual([]);
        expect(wait!.kind).toBe(KIND_INTERNAL);
        expect(wait!.status.code).toBe(STATUS_UNSET);
        const polls = rpcSpans(op.name);
        expect(polls.length).toBeGreaterThan(0);
        for (const poll of polls) {
          expect(poll.name).toBe(
            transport === 'grpc' ? 'google.longrunning.Operations/WaitOperation' : 'google.longrunning.Operations/GetOperation',
          );
          expect(poll.parentSpanContext?.spanId).toBe(wait!.spanContext().spanId);
          expect(poll.spanContext().traceId).toBe(wait!.spanContext().traceId);
        }
        expect(wait!.attributes).toEqual({
          'longrunning.operation.name': op.name,
          'longrunning.service': 'standard',
          'longrunning.wait.polls': polls.length,
          'longrunning.wait.code': 0,
          'longrunning.wait.ended_by': 'response',
        });
      });

      it('a wait on a failed operation, one that times out and one aborted say how they ended', async () => {
        using client = clientFor(emulator, transport);
        const failed = emulator.create({ error: { code: Code.PERMISSION_DENIED, message: 'no' } });
        await rejection(client.poller(failed.name).result());
        const running = emulator.create({ durationMs: 60_000 });
        await rejection(client.poller(running.name, { useWait: 'never' }).result({ timeoutMs: 30 }));
        const controller = new AbortController();
        const aborted = client.poller(running.name).result({ signal: controller.signal });
        controller.abort(new Error('the caller gave up'));
        await rejection(aborted);

        const waits = spans('longrunning.wait');
        expect(waits.map((w) => [w.attributes['longrunning.wait.ended_by'], w.attributes['longrunning.wait.code'], w.status.code])).toEqual(
          [
            ['operation_error', Code.PERMISSION_DENIED, STATUS_ERROR],
            ['timeout', Code.DEADLINE_EXCEEDED, STATUS_ERROR],
            ['abort', Code.CANCELLED, STATUS_UNSET],
          ],
        );
        expect(waits[0]!.attributes['error.type']).toBe('PERMISSION_DENIED');
        expect(waits[1]!.attributes['error.type']).toBe('DEADLINE_EXCEEDED');
      });

      it('waitAll traces one wait per target', async () => {
        using client = clientFor(emulator, transport);
        const ops = [emulator.create({ durationMs: 0 }), emulator.create({ durationMs: 0 })];
        await client.waitAll(ops.map((o) => o.name));
        expect(
          spans('longrunning.wait')
            .map((w) => w.attributes['longrunning.operation.name'])
            .sort(),
        ).toEqual(ops.map((o) => o.name).sort());
      });
    });
  }
});
