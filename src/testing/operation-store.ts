// The emulator's operations: scripted at creation, their state a function of time, shared by both transports.
import { Code } from '../codes.js';
import type { Operation, Status } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import type { ServiceProfile } from '../profiles/service-profile.js';
import { packPayload, type BinaryAny, type PayloadSpec } from './payloads.js';

/** What a metadata function sees each time the operation is read. */
export interface OperationState {
  /** Milliseconds since creation; stops growing once the operation is done. */
  readonly elapsedMs: number;
  /** `elapsedMs / durationMs`, from 0 to 1; 1 for an operation created done. */
  readonly fraction: number;
  /** Whether the operation has finished. */
  readonly done: boolean;
}

/** An error Status for {@link OperationSpec.error} and `complete()`. */
export interface ErrorSpec {
  /** A google.rpc code from 1 to 16. */
  code: number;
  /** @default '' */
  message?: string;
  /** Detail payloads, e.g. a google.rpc.ErrorInfo. */
  details?: PayloadSpec[];
}

/** A scripted operation: how long it runs, what it reports while running, and how it ends. */
export interface OperationSpec {
  /**
   * The operation's name; must fit the profile's operation pattern and not be taken.
   * @default profile.nameForId(`op-<sequence number>`)
   */
  name?: string;
  /**
   * How long the operation runs; it is done once this much time has passed.
   * `Infinity` runs until `complete()` or a cancel.
   * @default 0 (done at creation)
   */
  durationMs?: number;
  /** The metadata: a payload, or a function of the state evaluated on every read (undefined: no metadata). */
  metadata?: PayloadSpec | ((state: OperationState) => PayloadSpec | undefined);
  /** How it ends when it succeeds. */
  response?: PayloadSpec;
  /** How it ends when it fails. With neither `response` nor `error` it ends with no result. */
  error?: ErrorSpec;
  /** The project it belongs to, for list filters: the profile's `list.compileFilter` sees it. @default 'demo-project' */
  projectId?: string;
  /** The job that started it, for list filters, as `projectId`. @default 'transferJobs/demo' */
  jobName?: string;
}

/** How an operation ends. */
interface End {
  readonly response?: BinaryAny;
  readonly error?: Status;
}

/** One operation as the store holds it. */
export interface StoredOperation {
  /** Creation order, unique for the store's lifetime. */
  readonly seq: number;
  readonly name: string;
  readonly projectId: string;
  readonly jobName: string;
  readonly createdAt: number;
  readonly durationMs: number;
  /** How long it runs from creation: `durationMs`, or less once ended early. */
  readonly runsForMs: number;
  readonly end: End;
  readonly metadata: BinaryAny | ((state: OperationState) => PayloadSpec | undefined) | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The Status an operation ends with when a running one is cancelled. */
const CANCELLED: Status = { code: Code.CANCELLED, message: 'Operation cancelled', details: [] };

/**
 * Holds the operations. No timers: whether an operation is done is worked
 * out from the clock on every read, so a store of 100,000 operations costs
 * only their memory. Listeners registered with {@link watch} hear of early
 * ends (complete, cancel) and deletions; natural ends are the caller's to
 * time with {@link msUntilDone}.
 */
export class OperationStore {
  readonly #ops = new Map<string, Mutable<StoredOperation>>();
  readonly #watchers = new Map<string, Set<() => void>>();
  #seq = 0;

  constructor(
    readonly profile: ServiceProfile,
    readonly types: TypeRegistry,
    readonly now: () => number = () => performance.now(),
  ) {}

  /** The number of operations held. */
  get size(): number {
    return this.#ops.size;
  }

  /**
   * Adds an operation and returns its state at creation.
   * @throws TypeError for a name that does not fit the profile or is taken, a
   *   bad duration, both a response and an error, or a payload that cannot be packed.
   */
  create(spec: OperationSpec = {}): Operation {
    if (typeof spec !== 'object' || spec === null) throw new TypeError('create: expected an OperationSpec object');
    const seq = ++this.#seq;
    const name = spec.name ?? this.#freeName(seq);
    const why = typeof name === 'string' ? this.profile.namePattern('get').explain(name) : 'it is not a string';
    if (why) throw new TypeError(`create: name '${String(name)}' does not fit ${this.profile.title}'s operation names: ${why}`);
    if (this.#ops.has(name)) throw new TypeError(`create: an operation named ${name} already exists`);
    const durationMs = spec.durationMs ?? 0;
    if (typeof durationMs !== 'number' || Number.isNaN(durationMs) || durationMs < 0) {
      throw new TypeError('create: durationMs must be a number >= 0 (Infinity: until complete())');
    }
    for (const field of ['projectId', 'jobName'] as const) {
      if (spec[field] !== undefined && (typeof spec[field] !== 'string' || spec[field] === ''))
        throw new TypeError(`create: ${field} must be a non-empty string`);
    }
    const metadata =
      typeof spec.metadata === 'function' || spec.metadata === undefined
        ? spec.metadata
        : packPayload(this.types, spec.metadata, 'create: metadata');
    const createdAt = this.now();
    const op: Mutable<StoredOperation> = {
      seq,
      name,
      projectId: spec.projectId ?? 'demo-project',
      jobName: spec.jobName ?? 'transferJobs/demo',
      createdAt,
      durationMs,
      runsForMs: durationMs,
      end: this.#end(spec, 'create'),
      metadata,
    };
    const state = this.#read(op, createdAt);
    this.#ops.set(name, op);
    return state;
  }

  /** The stored record, or undefined. */
  find(name: string): StoredOperation | undefined {
    return this.#ops.get(name);
  }

  /**
   * The current state of an operation, or undefined when there is none.
   * @throws TypeError when a metadata function throws or returns a payload that cannot be packed.
   */
  read(nameOrOp: string | StoredOperation): Operation | undefined {
    const op = typeof nameOrOp === 'string' ? this.#ops.get(nameOrOp) : nameOrOp;
    return op && this.#read(op, this.now());
  }

  /** Whether the operation is done now. */
  isDone(op: StoredOperation): boolean {
    return this.now() - op.createdAt >= op.runsForMs;
  }

  /** Milliseconds until the operation is done: 0 when it is, Infinity when only complete() or a cancel will end it. */
  msUntilDone(op: StoredOperation): number {
    return Math.max(0, op.runsForMs - (this.now() - op.createdAt));
  }

  /** Every operation, oldest first. */
  all(): IterableIterator<StoredOperation> {
    return this.#ops.values();
  }

  /**
   * Finishes a running operation now, with the given end or its scripted one.
   * An operation already done is left as it is.
   * @throws TypeError when there is no such operation, or the end cannot be packed.
   */
  complete(name: string, end?: { response?: PayloadSpec; error?: ErrorSpec }): void {
    const op = this.#ops.get(name);
    if (!op) throw new TypeError(`complete: no operation named ${name}`);
    const next = end === undefined ? op.end : this.#end(end, 'complete');
    if (this.isDone(op)) return;
    op.end = next;
    op.runsForMs = this.now() - op.createdAt;
    this.#notify(name);
  }

  /**
   * Cancels an operation: a running one becomes done with error code 1
   * (CANCELLED); a finished one is left as it is.
   * @returns false when there is no such operation.
   */
  cancel(name: string): boolean {
    const op = this.#ops.get(name);
    if (!op) return false;
    if (!this.isDone(op)) {
      op.end = { error: CANCELLED };
      op.runsForMs = this.now() - op.createdAt;
      this.#notify(name);
    }
    return true;
  }

  /** Removes an operation. @returns false when there was none. */
  delete(name: string): boolean {
    if (!this.#ops.delete(name)) return false;
    this.#notify(name);
    return true;
  }

  /**
   * Calls `listener` when the operation ends early (complete, cancel) or is
   * deleted. Returns the function that stops listening.
   */
  watch(name: string, listener: () => void): () => void {
    let set = this.#watchers.get(name);
    if (!set) this.#watchers.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#watchers.get(name) === set) this.#watchers.delete(name);
    };
  }

  #notify(name: string): void {
    for (const listener of [...(this.#watchers.get(name) ?? [])]) listener();
  }

  #freeName(seq: number): string {
    const name = this.profile.nameForId(`op-${seq}`);
    if (!this.#ops.has(name)) return name;
    const retry = this.profile.nameForId(`op-${seq}-${this.#ops.size}`);
    // A nameForId that ignores its id (a pattern with no '**' to put it in) gives the same name every time.
    if (retry === name || this.#ops.has(retry)) {
      throw new TypeError(`create: ${this.profile.title}'s nameForId gave the taken name ${name}; pass a name in the spec`);
    }
    return retry;
  }

  #end(spec: { response?: PayloadSpec; error?: ErrorSpec }, what: string): End {
    if (spec.response !== undefined && spec.error !== undefined) throw new TypeError(`${what}: give a response or an error, not both`);
    if (spec.response !== undefined) return { response: packPayload(this.types, spec.response, `${what}: response`) };
    if (spec.error === undefined) return {};
    const { code, message = '', details = [] } = spec.error;
    if (!Number.isInteger(code) || code < 1 || code > 16) throw new TypeError(`${what}: error.code must be a google.rpc code from 1 to 16`);
    if (typeof message !== 'string') throw new TypeError(`${what}: error.message must be a string`);
    if (!Array.isArray(details)) throw new TypeError(`${what}: error.details must be an array of payloads`);
    return { error: { code, message, details: details.map((d, i) => packPayload(this.types, d, `${what}: error.details[${i}]`)) } };
  }

  #read(op: StoredOperation, now: number): Operation {
    const done = now - op.createdAt >= op.runsForMs;
    const elapsedMs = Math.min(now - op.createdAt, op.runsForMs);
    const fraction = op.durationMs === 0 ? 1 : Math.min(1, elapsedMs / op.durationMs);
    const result: Mutable<Operation> = { name: op.name, done };
    if (typeof op.metadata === 'function') {
      const spec = op.metadata({ elapsedMs, fraction, done });
      if (spec !== undefined) result.metadata = packPayload(this.types, spec, `metadata of ${op.name}`);
    } else if (op.metadata) {
      result.metadata = op.metadata;
    }
    if (done && op.end.error) result.error = op.end.error;
    if (done && op.end.response) result.response = op.end.response;
    return result;
  }
}
