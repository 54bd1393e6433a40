// An OpenTelemetry span around a wait: the wait's own span, and a span per poll, come out as its children.
// Run: npx tsx examples/tracing.ts   (@opentelemetry/api is an optional peer dependency: install it, and an SDK, to trace)
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, context, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

// The tracing set-up an app already has. In an app, @opentelemetry/sdk-node (or NodeTracerProvider) registers a context
// manager and exports over OTLP; here, spans are kept in memory and printed, and a context manager of a few lines
// carries the active span across awaits.
class AsyncLocalContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A) {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    return ((...args: unknown[]) => this.with(ctx, () => target(...args))) as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}
const spans = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
context.setGlobalContextManager(new AsyncLocalContextManager());
trace.setGlobalTracerProvider(provider);

// A stand-in for a real service: an export that takes a second.
await using emulator = await startEmulator({ profile: services.standard });
const started = emulator.create({
  durationMs: 1_000,
  response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { rows: 1_200 } },
});
await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });

// Your span around the wait: the wait starts while it is active, so the package's spans hang under it.
const tracer = trace.getTracer('report-service');
await tracer.startActiveSpan('export monthly report', async (span) => {
  try {
    const response = await client.poller<{ rows: number }>(started.name, { format: 'json' });
    span.setAttribute('report.rows', response?.rows ?? 0);
  } finally {
    span.end();
  }
});

// The trace, as a tree: parent before children.
await provider.forceFlush();
const finished = spans.getFinishedSpans();
const children = (parent: ReadableSpan | undefined) =>
  finished.filter((s) => s.parentSpanContext?.spanId === parent?.spanContext().spanId && (parent || !s.parentSpanContext));
function print(span: ReadableSpan, depth: number): void {
  const a = span.attributes;
  const shown = ['report.rows', 'longrunning.wait.ended_by', 'longrunning.wait.polls', 'rpc.grpc.status_code', 'longrunning.rpc.attempts']
    .filter((k) => a[k] !== undefined)
    .map((k) => `${k}=${String(a[k])}`);
  console.log(`${'  '.repeat(depth)}${span.name} ${shown.join(' ')}`.trimEnd());
  for (const child of children(span)) print(child, depth + 1);
}
for (const root of children(undefined)) print(root, 0);
await provider.shutdown();
