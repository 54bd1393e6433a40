// How a service profile is described and compiled: where each Operations RPC lives for one service, and what it accepts.
import { checkBatchGetRule, type BatchGetRule } from './batch-get.js';
import { compilePathTemplate, type PathTemplate } from '../path-template.js';
import { compileExamples, type CompiledExamplePayloads, type ExamplePayloads } from './example-payloads.js';
import { compileListRules, type CompiledListRules, type ListRules } from './list-rules.js';
import { compileHelp, type CompiledServiceHelp, type ServiceHelp } from './service-help.js';

/**
 * Reads something from an operation's decoded metadata, in the poller's
 * `format` (int64 as decimal strings in both; a Timestamp as
 * `{ seconds, nanos }` by default, as RFC 3339 in proto3 JSON): undefined
 * when it is not there.
 */
export type MetadataReader = (metadata: unknown) => number | undefined;

/** The five RPCs of google.longrunning.Operations. */
export type OperationsMethod = 'get' | 'list' | 'cancel' | 'delete' | 'wait';

/** The wire name of each RPC, e.g. `GetOperation`. */
export const RPC_NAMES: Readonly<Record<OperationsMethod, string>> = {
  get: 'GetOperation',
  list: 'ListOperations',
  cancel: 'CancelOperation',
  delete: 'DeleteOperation',
  wait: 'WaitOperation',
};

/** The transports a client can speak. */
export type Transport = 'grpc' | 'rest';

/** How one RPC is reached. */
export interface MethodBinding {
  /** The HTTP rule, e.g. `'GET /v1/{name=operations/**}'`. Absent: not reachable over REST. */
  readonly http?: string;
  /**
   * Whether the method is served over gRPC.
   * @default true
   */
  readonly grpc?: boolean;
}

/** What {@link defineServiceProfile} takes. */
export interface ServiceProfileInit {
  /** A short id, e.g. `'storage-transfer'`. */
  readonly id: string;
  /** A human name for messages. @default the id */
  readonly title?: string;
  /** The RPCs the service has; a method left out is UNIMPLEMENTED. Each needs `http`, `grpc` or both. */
  readonly methods: Partial<Record<OperationsMethod, MethodBinding>>;
  /**
   * The pattern that operation names follow, for methods with no HTTP rule
   * (WaitOperation, usually). @default the pattern of `get`'s HTTP rule
   */
  readonly operationPattern?: string;
  /** The pattern of the ListOperations `name`. @default the pattern of `list`'s HTTP rule */
  readonly listPattern?: string;
  /** ListOperations rules: the page size, the filter, the order, and how the emulator applies a filter. */
  readonly list?: ListRules;
  /**
   * An example operation name for an id, used by the emulator to name the
   * operations it creates. @default the operation pattern with `*` and `**` filled in
   */
  readonly nameForId?: (id: string) => string;
  /**
   * The payloads of the example operations that `lro serve --seed` and the
   * demo create: metadata shaped like the service's own, its response, its
   * state words. @default generic payloads
   */
  readonly examples?: ExamplePayloads;
  /** What the CLI's help says of the service. @default made from the title, the RPCs and the list rules */
  readonly help?: ServiceHelp;
  /**
   * How one ListOperations answers for many operations by name, for batched
   * polling. @default none: each operation is polled on its own
   */
  readonly batchGet?: BatchGetRule;
  /**
   * The fraction done (0 to 1) of an operation, from its decoded metadata,
   * for progress-aware polling (see `PollOptions.progress`); undefined when
   * the metadata does not say. @default none: pollers follow their schedule
   */
  readonly progress?: MetadataReader;
  /**
   * When an operation started, in ms since the epoch, from its decoded
   * metadata: a poller made from a name counts the operation's age from it.
   * @default none: the age counts from the poller's creation
   */
  readonly startTime?: MetadataReader;
}

/** A compiled profile: the bindings parsed, ready for the client and the emulator. */
export interface ServiceProfile {
  /** The profile's id. */
  readonly id: string;
  /** Its human name. */
  readonly title: string;
  /** ListOperations rules, with defaults filled. */
  readonly list: CompiledListRules;
  /** True when the method is served over the transport. */
  supports(method: OperationsMethod, transport: Transport): boolean;
  /** The HTTP verb and path template of a method, if it has one. */
  http(method: OperationsMethod):
    | {
        /** The HTTP verb, e.g. `'GET'`. */
        readonly verb: string;
        /** The compiled path template, e.g. of `/v1/{name=operations/**}`. */
        readonly path: PathTemplate;
      }
    | undefined;
  /** The pattern a method's `name` must fit: the list pattern for `list`, the operation pattern for the others. */
  namePattern(method: OperationsMethod): PathTemplate;
  /** An operation name for an id (see {@link ServiceProfileInit.nameForId}). */
  nameForId(id: string): string;
  /** The example payloads, with defaults filled (see {@link ServiceProfileInit.examples}). */
  readonly examples: CompiledExamplePayloads;
  /** The help, with defaults filled (see {@link ServiceProfileInit.help}). */
  readonly help: CompiledServiceHelp;
  /** How one list answers for many operations, if the service can (see {@link ServiceProfileInit.batchGet}). */
  readonly batchGet: BatchGetRule | undefined;
  /** The fraction done, read from the metadata, if the profile knows how (see {@link ServiceProfileInit.progress}). */
  readonly progress?: MetadataReader | undefined;
  /** The start time, read from the metadata, if the profile knows how (see {@link ServiceProfileInit.startTime}). */
  readonly startTime?: MetadataReader | undefined;
}

const VERBS = new Set(['GET', 'POST', 'DELETE', 'PATCH', 'PUT']);

// The id goes into the trailing `**`, or else the last `*`; other wildcards read 'demo'.
function fillPattern(pattern: string, id: string): string {
  const parts = pattern.split('/');
  const slot = parts.lastIndexOf('**') >= 0 ? parts.lastIndexOf('**') : parts.lastIndexOf('*');
  return parts.map((s, i) => (i === slot ? id : s === '*' || s === '**' ? 'demo' : s)).join('/');
}

// 'Get, List, Wait (gRPC only)': the short RPC names, with the one transport of those that lack the other.
function rpcsOffered(http: ReadonlyMap<OperationsMethod, unknown>, grpc: ReadonlySet<OperationsMethod>): string[] {
  return (Object.keys(RPC_NAMES) as OperationsMethod[])
    .filter((m) => http.has(m) || grpc.has(m))
    .map((m) => {
      const short = RPC_NAMES[m].replace(/Operations?$/, '');
      if (!http.has(m)) return `${short} (gRPC only)`;
      return grpc.has(m) ? short : `${short} (REST only)`;
    });
}

/**
 * Compiles a profile for a service. Use it for a service that binds the
 * Operations RPCs its own way, such as a list on `users/*`:
 *
 * @example
 * const users = defineServiceProfile({
 *   id: 'users',
 *   methods: {
 *     get: { http: 'GET /v1/{name=users/*\/operations/*}' },
 *     list: { http: 'GET /v1/{name=users/*}/operations' },
 *   },
 * });
 * @throws TypeError for a binding that cannot be parsed, a method with neither gRPC nor HTTP, or a
 *   list rule, example payload or metadata reader of the wrong kind (naming the field).
 */
export function defineServiceProfile(init: ServiceProfileInit): ServiceProfile {
  if (typeof init?.id !== 'string' || init.id === '') throw new TypeError('service profile: id must be a non-empty string');
  const http = new Map<OperationsMethod, { verb: string; path: PathTemplate }>();
  const grpc = new Set<OperationsMethod>();
  for (const [method, binding] of Object.entries(init.methods ?? {}) as [OperationsMethod, MethodBinding | undefined][]) {
    if (!(method in RPC_NAMES)) throw new TypeError(`service profile ${init.id}: unknown method ${method}`);
    if (!binding) continue;
    if (binding.http !== undefined) {
      const m = /^([A-Z]+)\s+(\/\S+)$/.exec(binding.http);
      if (!m || !VERBS.has(m[1]!))
        throw new TypeError(`service profile ${init.id}: methods.${method}.http must read 'VERB /path', got '${binding.http}'`);
      http.set(method, { verb: m[1]!, path: compilePathTemplate(m[2]!) });
    }
    if (binding.grpc !== false) grpc.add(method);
    if (binding.grpc === false && binding.http === undefined)
      throw new TypeError(`service profile ${init.id}: methods.${method} has neither http nor grpc`);
  }
  const opPatternText = init.operationPattern ?? http.get('get')?.path.pattern ?? http.get('cancel')?.path.pattern ?? 'operations/**';
  const listPatternText = init.listPattern ?? http.get('list')?.path.pattern ?? 'operations';
  const opPattern = compilePathTemplate(`/{name=${opPatternText}}`);
  const listPattern = compilePathTemplate(`/{name=${listPatternText}}`);
  const title = init.title ?? init.id;
  const what = `service profile ${init.id}`;
  const list = compileListRules(init.list, title, what);
  for (const field of ['progress', 'startTime'] as const) {
    if (init[field] !== undefined && typeof init[field] !== 'function') throw new TypeError(`${what}: ${field} must be a function`);
  }
  return Object.freeze({
    id: init.id,
    title,
    list,
    supports: (method: OperationsMethod, transport: Transport) => (transport === 'grpc' ? grpc.has(method) : http.has(method)),
    http: (method: OperationsMethod) => http.get(method),
    namePattern: (method: OperationsMethod) => (method === 'list' ? listPattern : opPattern),
    nameForId: init.nameForId ?? ((id: string) => fillPattern(opPatternText, id)),
    examples: compileExamples(init.examples, what),
    help: compileHelp(init.help, { title, rpcs: rpcsOffered(http, grpc), list }, what),
    batchGet: checkBatchGetRule(init.batchGet, list.maxPageSize, what),
    progress: init.progress,
    startTime: init.startTime,
  });
}
