// The payloads a profile gives its example operations (`lro serve --seed`, the demo): metadata as they run, a response, state names.
import type { JsonObject } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';

/** The project the example operations belong to. */
export const EXAMPLE_PROJECT = 'demo-project';

/** A payload in proto3 JSON: `{ '@type': 'type.googleapis.com/pkg.Msg', ...fields }`. */
export type ExamplePayload = JsonObject;

/** How an example operation ends. */
export type ExampleOutcome = 'success' | 'failure' | 'cancel';

/** The words a service's metadata uses for an operation's state. */
export interface ExampleStates {
  /** While it runs. @default 'RUNNING' */
  readonly running?: string;
  /** Once it succeeded. @default 'SUCCEEDED' */
  readonly success?: string;
  /** Once it failed. @default 'FAILED' */
  readonly failure?: string;
  /** Once it was cancelled. @default 'CANCELLED' */
  readonly cancel?: string;
}

/** An example operation at the moment its metadata is read. */
export interface ExampleMoment {
  /** The operation's name. */
  readonly name: string;
  /** When it started, as an RFC 3339 timestamp. */
  readonly startTime: string;
  /** How far through it is, from 0 to 1. */
  readonly fraction: number;
  /** Whether it has finished. */
  readonly done: boolean;
  /** Its state in the service's words (see {@link ExampleStates}): the running word, or once done the word for how it ended. */
  readonly state: string;
}

/** A descriptor file and the types read from it. */
export interface TypesDescriptor {
  /** The file's absolute path, as LRO_TYPES takes it. */
  readonly path: string;
  /** The message types it holds. */
  readonly types: TypeRegistry;
}

/** What a profile's example operations carry. */
export interface ExamplePayloads {
  /**
   * The metadata at a moment. `types` is the registry the payload is packed
   * with: a payload of the service's own message type can fall back to a
   * google.protobuf.Struct of the same fields where that type is missing.
   * Undefined: no metadata.
   * @default a google.protobuf.Struct of `state`, `progressPercent` and `startTime`
   */
  readonly metadata?: (moment: ExampleMoment, types: TypeRegistry) => ExamplePayload | undefined;
  /** The response of an example that succeeds. @default a google.protobuf.StringValue, 'all done' */
  readonly response?: ExamplePayload;
  /** The state words the metadata is given. Each missing word takes its default. */
  readonly states?: ExampleStates;
  /**
   * Finds the descriptor of the service's own message types, when it is
   * installed, so that the example payloads can be of those types and a
   * client can be told where to find them. Resolves undefined when there is none.
   * @default none: resolves undefined
   */
  readonly descriptor?: () => Promise<TypesDescriptor | undefined>;
}

/** Example payloads with their defaults filled. */
export interface CompiledExamplePayloads {
  /** See {@link ExamplePayloads.metadata}. */
  readonly metadata: (moment: ExampleMoment, types: TypeRegistry) => ExamplePayload | undefined;
  /** See {@link ExamplePayloads.response}. */
  readonly response: ExamplePayload;
  /** Every state word. */
  readonly states: Readonly<Required<ExampleStates>>;
  /** See {@link ExamplePayloads.descriptor}. */
  readonly descriptor: () => Promise<TypesDescriptor | undefined>;
}

/** A google.protobuf.Struct payload holding the fields. */
export function struct(fields: JsonObject): ExamplePayload {
  return { '@type': 'type.googleapis.com/google.protobuf.Struct', value: fields };
}

/** The state word for an example operation: the running word until it is done, then the outcome's. */
export function exampleState(states: Readonly<Required<ExampleStates>>, done: boolean, outcome: ExampleOutcome): string {
  return done ? states[outcome] : states.running;
}

const DEFAULT_STATES: Readonly<Required<ExampleStates>> = Object.freeze({
  running: 'RUNNING',
  success: 'SUCCEEDED',
  failure: 'FAILED',
  cancel: 'CANCELLED',
});

const DEFAULT_RESPONSE: ExamplePayload = Object.freeze({ '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'all done' });

function genericMetadata(moment: ExampleMoment): ExamplePayload {
  return struct({ state: moment.state, progressPercent: Math.floor(100 * moment.fraction), startTime: moment.startTime });
}

/**
 * Checks a profile's example payloads and fills their defaults.
 * @param what names the profile in error messages, e.g. `'service profile users'`.
 * @throws TypeError naming the field: a `metadata` or `descriptor` that is
 *   not a function, a `response` that is not a JSON object with an `@type`,
 *   a state word that is not a non-empty string.
 */
export function compileExamples(examples: ExamplePayloads | undefined, what: string): CompiledExamplePayloads {
  const e = examples ?? {};
  if (typeof e !== 'object' || e === null) throw new TypeError(`${what}: examples must be an object`);
  for (const field of ['metadata', 'descriptor'] as const) {
    if (e[field] !== undefined && typeof e[field] !== 'function') throw new TypeError(`${what}: examples.${field} must be a function`);
  }
  const response = e.response ?? DEFAULT_RESPONSE;
  if (typeof response !== 'object' || response === null || Array.isArray(response) || typeof response['@type'] !== 'string') {
    throw new TypeError(`${what}: examples.response must be a JSON payload with an '@type'`);
  }
  const states = { ...DEFAULT_STATES, ...e.states };
  for (const [key, word] of Object.entries(states)) {
    if (typeof word !== 'string' || word === '') throw new TypeError(`${what}: examples.states.${key} must be a non-empty string`);
  }
  return Object.freeze({
    metadata: e.metadata ?? genericMetadata,
    response,
    states: Object.freeze(states),
    descriptor: e.descriptor ?? (() => Promise.resolve(undefined)),
  });
}
