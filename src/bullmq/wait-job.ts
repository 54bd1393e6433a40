// One durable wait as Redis holds it: the job id derived from the operation's name, and the job's data, written and read back.
import type { ErrorDetail } from '../errors.js';

/** The prefix of every wait's job id; it also keeps an id from ever being a bare integer, which BullMQ refuses. */
const JOB_ID_PREFIX = 'lro/';

/**
 * The BullMQ job id of the wait on an operation: `lro/` and the name, with
 * `%` written `%25` and `:` written `%3A` (BullMQ refuses most ids with a
 * colon). Two names never share an id, and {@link operationNameOf} gives the
 * name back.
 */
export function waitJobId(operationName: string): string {
  return JOB_ID_PREFIX + operationName.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/** The operation name a wait's job id stands for; undefined for an id {@link waitJobId} did not make. */
export function operationNameOf(jobId: string | undefined): string | undefined {
  if (jobId === undefined || !jobId.startsWith(JOB_ID_PREFIX)) return undefined;
  return jobId.slice(JOB_ID_PREFIX.length).replace(/%3A/g, ':').replace(/%25/g, '%');
}

/** The poll schedule a wait carries, so that every worker polls it alike (see PollOptions for each number). */
export interface StoredSchedule {
  /** As `PollOptions.initialDelayMs`. */
  readonly initialDelayMs: number;
  /** As `PollOptions.multiplier`; read only when `lateness` is absent. */
  readonly multiplier: number;
  /** As `PollOptions.maxDelayMs`. */
  readonly maxDelayMs: number;
  /** As `PollOptions.jitter`. */
  readonly jitter: number;
  /** Absent: the attempt-based schedule. */
  readonly lateness?: number;
  /** Absent: no limit. */
  readonly maxAttempts?: number;
  /** False: progress is not read; absent: the worker's service profile reads it, if it can. */
  readonly progress?: false;
}

/** The fraction of an operation done, as seen at a moment (ms since the epoch). */
export interface StoredProgressSample {
  /** When it was seen, in ms since the epoch. */
  readonly atMs: number;
  /** The fraction done then, from 0 to 1. */
  readonly fraction: number;
}

/** What progress a wait's polls have seen: the poller's progress history, as plain JSON. */
export interface StoredProgress {
  /** The first sample seen. */
  readonly first?: StoredProgressSample | undefined;
  /** The sample before the latest. */
  readonly previous?: StoredProgressSample | undefined;
  /** The latest sample. */
  readonly latest?: StoredProgressSample | undefined;
  /** How many end estimates in a row proved early. */
  readonly early: number;
  /** Whether the last delay given polls at an estimated end. */
  readonly estimated: boolean;
}

/** How a wait ended without a response that another poll would give again: kept, so that a redelivery gives the same outcome. */
export type StoredEnd =
  | {
      /** The wait's deadline passed. */
      readonly kind: 'timeout';
      /** What the PollTimeoutError said. */
      readonly message: string;
    }
  | {
      /** A permanent RPC failure ended the wait. */
      readonly kind: 'rpc';
      /** The RpcError's google.rpc code. */
      readonly code: number;
      /** The RpcError's raw message. */
      readonly message: string;
      /** The RPC that failed, e.g. `'GetOperation'`. */
      readonly method?: string;
      /** The error's details, decoded. */
      readonly details?: readonly ErrorDetail[];
    };

/** Where a wait's polling stands between two polls. */
export interface PollState {
  /** Polls made so far, failed ones included. */
  readonly polls: number;
  /** The schedule counts attempts from here: 1 for a wait on a name (its first poll is at once), 0 for one on an Operation. */
  readonly base: number;
  /** When the operation started, in ms since the epoch, once known (the enqueue of an Operation, or the profile read it from the metadata). */
  readonly startedAt?: number;
  /** What progress was seen, for services whose progress can be read. */
  readonly progress?: StoredProgress;
  /** The batch the next poll may share a list in (Storage Transfer: the project), read from the latest metadata. */
  readonly batchKey?: string;
  /** Set when a batched list left the operation out: its next poll is a GetOperation of its own. */
  readonly alone?: true;
  /** Set once the wait has ended with a timeout or a permanent RPC failure. */
  readonly end?: StoredEnd;
}

/** A wait's job data: everything a worker in any process needs to go on with it. */
export interface WaitJobData<TData = unknown> {
  /** The format's version. */
  readonly v: 1;
  /** The operation's name. */
  readonly name: string;
  /** The service profile's id; a worker for another service gives the wait up. */
  readonly service: string;
  /** The caller's own data: what to do when the operation ends. */
  readonly data: TData;
  /** When it was enqueued, in ms since the epoch. */
  readonly enqueuedAt: number;
  /** When it times out, in ms since the epoch; absent: never. */
  readonly deadline?: number;
  /** The pinned response type (`EnqueueOptions.responseType`), if any. */
  readonly responseType?: string;
  /** The pinned metadata type (`EnqueueOptions.metadataType`), if any. */
  readonly metadataType?: string;
  /** The poll schedule, resolved when the wait was enqueued. */
  readonly schedule: StoredSchedule;
  /** Where its polling stands. */
  readonly poll: PollState;
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

const isString = (v: unknown): boolean => typeof v === 'string';

function isSample(value: unknown): value is StoredProgressSample {
  return isObject(value) && finite(value.atMs, -Infinity) && finite(value.fraction) && value.fraction <= 1;
}

function isProgress(value: unknown): value is StoredProgress {
  return (
    isObject(value) &&
    Number.isInteger(value.early) &&
    finite(value.early) &&
    typeof value.estimated === 'boolean' &&
    optional(value.first, isSample) &&
    optional(value.previous, isSample) &&
    optional(value.latest, isSample)
  );
}

function isEnd(value: unknown): value is StoredEnd {
  if (!isObject(value) || typeof value.message !== 'string') return false;
  if (value.kind === 'timeout') return true;
  return (
    value.kind === 'rpc' &&
    Number.isInteger(value.code) &&
    optional(value.method, isString) &&
    optional(value.details, (d) => Array.isArray(d) && d.every((x) => isObject(x) && typeof x['@type'] === 'string'))
  );
}

function checkSchedule(s: unknown): string | undefined {
  if (!isObject(s)) return 'schedule is not an object';
  if (!finite(s.initialDelayMs) || s.initialDelayMs <= 0) return 'schedule.initialDelayMs';
  if (!finite(s.multiplier, 1)) return 'schedule.multiplier';
  if (!finite(s.maxDelayMs) || s.maxDelayMs <= 0) return 'schedule.maxDelayMs';
  if (!finite(s.jitter) || s.jitter > 1) return 'schedule.jitter';
  if (!optional(s.lateness, (v) => finite(v) && v > 0)) return 'schedule.lateness';
  if (!optional(s.maxAttempts, (v) => Number.isInteger(v) && finite(v, 1))) return 'schedule.maxAttempts';
  if (!optional(s.progress, (v) => v === false)) return 'schedule.progress';
  return undefined;
}

function checkPoll(p: unknown): string | undefined {
  if (!isObject(p)) return 'poll is not an object';
  if (!Number.isInteger(p.polls) || !finite(p.polls)) return 'poll.polls';
  if (p.base !== 0 && p.base !== 1) return 'poll.base';
  if (!optional(p.startedAt, (v) => finite(v, -Infinity))) return 'poll.startedAt';
  if (!optional(p.progress, isProgress)) return 'poll.progress';
  if (!optional(p.batchKey, isString)) return 'poll.batchKey';
  if (!optional(p.alone, (v) => v === true)) return 'poll.alone';
  if (!optional(p.end, isEnd)) return 'poll.end';
  return undefined;
}

/**
 * Reads a wait's job data as it came back from Redis.
 * @throws TypeError naming the field that is missing or wrong: data from another program, or another version of this one.
 */
export function readWaitJob<TData>(raw: unknown): WaitJobData<TData> {
  if (!isObject(raw)) throw new TypeError('wait job data is not an object');
  if (raw.v !== 1) throw new TypeError(`wait job data of version ${String(raw.v)}, this worker reads version 1`);
  let wrong: string | undefined;
  if (typeof raw.name !== 'string' || raw.name === '') wrong = 'name';
  else if (typeof raw.service !== 'string') wrong = 'service';
  else if (!finite(raw.enqueuedAt)) wrong = 'enqueuedAt';
  else if (!optional(raw.deadline, (v) => finite(v))) wrong = 'deadline';
  else if (!optional(raw.responseType, isString)) wrong = 'responseType';
  else if (!optional(raw.metadataType, isString)) wrong = 'metadataType';
  else wrong = checkSchedule(raw.schedule) ?? checkPoll(raw.poll);
  if (wrong !== undefined) throw new TypeError(`wait job data: ${wrong} is missing or wrong`);
  return raw as unknown as WaitJobData<TData>;
}

/** The job data with its poll state replaced; fields left undefined are dropped, so the JSON stays small. */
export function withPollState<TData>(job: WaitJobData<TData>, poll: PollState): WaitJobData<TData> {
  const compact: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(poll)) if (v !== undefined) compact[k] = v;
  return { ...job, poll: compact as unknown as PollState };
}
