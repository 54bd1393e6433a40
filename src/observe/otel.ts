// OpenTelemetry when the app has it: @opentelemetry/api is an optional peer dependency, loaded once by a dynamic import that fails quietly.
import { PACKAGE_NAME, PACKAGE_VERSION } from '../generated/version.js';

// The part of @opentelemetry/api 1.x used here, typed here: the package's types never depend on the peer being installed.

/** A span attribute's value. */
export type AttributeValue = string | number | boolean;

/** Span attributes; undefined values are left out. */
export type Attributes = Readonly<Record<string, AttributeValue | undefined>>;

/** An OpenTelemetry Context, opaque here. */
export type OtelContext = object;

/** The methods of an OpenTelemetry Span used here. */
export interface OtelSpan {
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Attributes): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(endTime?: number): void;
  isRecording(): boolean;
}

/** The method of an OpenTelemetry Tracer used here. */
export interface OtelTracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes; startTime?: number }, context?: OtelContext): OtelSpan;
}

/** OpenTelemetry's SpanKind values used here. */
export const SpanKind = Object.freeze({ INTERNAL: 0, CLIENT: 2 });

/** OpenTelemetry's SpanStatusCode values used here. */
export const SpanStatusCode = Object.freeze({ UNSET: 0, ERROR: 2 });

interface TracerProviderLike {
  getTracer(name: string, version?: string): OtelTracer;
  getDelegate?(): unknown;
}

interface OtelApi {
  readonly trace: {
    getTracerProvider(): TracerProviderLike;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
  };
  readonly context: { active(): OtelContext };
  readonly ProxyTracerProvider: new () => { getDelegate(): unknown };
}

// In a variable, so that bundlers leave the import alone: an app without the peer bundles and runs without it.
const OTEL_API = '@opentelemetry/api';

let api: OtelApi | undefined;
// The provider the API falls back on while none is registered: seeing it means nobody listens.
let noopProvider: unknown;
let loading: Promise<void> | undefined;
let settled = false;

function readApi(module: unknown): OtelApi | undefined {
  const m = module as Partial<OtelApi> & { default?: Partial<OtelApi> };
  const candidate = m.trace && m.context ? m : m.default;
  if (
    typeof candidate?.trace?.getTracerProvider !== 'function' ||
    typeof candidate.trace.setSpan !== 'function' ||
    typeof candidate.context?.active !== 'function' ||
    typeof candidate.ProxyTracerProvider !== 'function'
  ) {
    return undefined;
  }
  return candidate as OtelApi;
}

/**
 * Starts loading @opentelemetry/api, once per process, and settles when it
 * is loaded or known to be absent (or unusable): never rejects.
 */
export function loadTracing(): Promise<void> {
  loading ??= import(/* @vite-ignore */ OTEL_API).then(
    (module: unknown) => {
      const found = readApi(module);
      if (found) {
        noopProvider = new found.ProxyTracerProvider().getDelegate();
        api = found;
      }
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return loading;
}

/** The load in progress, while it is; undefined once it has settled (or before it started). */
export function tracingPending(): Promise<void> | undefined {
  return settled ? undefined : loading;
}

/**
 * The package's tracer, when @opentelemetry/api is loaded and a tracer
 * provider is registered; otherwise undefined, and the caller does no span
 * work at all. Asked on each span rather than kept, so that a provider
 * registered (or replaced) later is the one used.
 */
export function activeTracer(): OtelTracer | undefined {
  if (!api) return undefined;
  const provider = api.trace.getTracerProvider();
  if (typeof provider.getDelegate === 'function' && provider.getDelegate() === noopProvider) return undefined;
  return provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
}

/** The active context (the caller's span, where a context manager is registered); undefined without the API. */
export function activeContext(): OtelContext | undefined {
  return api?.context.active();
}

/** The attributes without their undefined values: the SDK warns of an attribute set to undefined. */
export function definedAttributes(attributes: Attributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}

/** A context whose active span is `span`, under `parent` (or the active context). */
export function contextWith(span: OtelSpan, parent?: OtelContext): OtelContext | undefined {
  if (!api) return undefined;
  return api.trace.setSpan(parent ?? api.context.active(), span);
}
