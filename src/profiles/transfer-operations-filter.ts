// Storage Transfer's ListOperations filter: a JSON document with a required projectId, built, checked and matched.
import { Code } from '../codes.js';
import type { FilterPredicate, ListedOperation } from './list-rules.js';

/** The statuses a Storage Transfer operation can be listed by. */
export const TRANSFER_STATUSES = ['IN_PROGRESS', 'PAUSED', 'SUCCESS', 'FAILED', 'ABORTED'] as const;

/** A Storage Transfer status: `'IN_PROGRESS'`, `'PAUSED'`, `'SUCCESS'`, `'FAILED'` or `'ABORTED'` (`transferOperationsFilter` takes any case). */
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** What a Storage Transfer list may be narrowed by. */
export interface TransferOperationsFilter {
  /** The project whose operations to list. Required. */
  projectId: string;
  /** Transfer job names, e.g. `transferJobs/123`. */
  jobNames?: readonly string[];
  /** Operation names, e.g. `transferOperations/transferJobs-123-456`. */
  operationNames?: readonly string[];
  /** Statuses, in any case: `'in_progress'` is read as `'IN_PROGRESS'`. */
  transferStatuses?: readonly string[];
}

/** The filter after checking: statuses upper-cased, absent lists empty. */
export interface NormalizedTransferOperationsFilter {
  /** The project whose operations are listed. */
  readonly projectId: string;
  /** Transfer job names; empty: any job. */
  readonly jobNames: readonly string[];
  /** Operation names; empty: any operation. */
  readonly operationNames: readonly string[];
  /** Statuses, upper-cased; empty: any status. */
  readonly transferStatuses: readonly TransferStatus[];
}

const KNOWN_KEYS = new Set(['projectId', 'jobNames', 'operationNames', 'transferStatuses']);

function stringArray(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError(`transfer operations filter: ${field} must be an array of strings`);
  for (const v of value) {
    if (typeof v !== 'string' || v === '') throw new TypeError(`transfer operations filter: ${field} must hold non-empty strings`);
  }
  return [...value];
}

/**
 * Checks a filter object and returns it normalised.
 *
 * @throws TypeError naming the field: a missing or empty `projectId`, a
 *   non-array list, a status outside {@link TRANSFER_STATUSES}, an unknown key.
 */
export function normalizeTransferOperationsFilter(filter: unknown): NormalizedTransferOperationsFilter {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new TypeError('transfer operations filter: expected an object with a projectId');
  }
  const f = filter as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (!KNOWN_KEYS.has(key))
      throw new TypeError(`transfer operations filter: unknown field ${key}; expected ${[...KNOWN_KEYS].join(', ')}`);
  }
  if (typeof f.projectId !== 'string' || f.projectId.trim() === '') {
    throw new TypeError('transfer operations filter: projectId is required');
  }
  const statuses = stringArray(f.transferStatuses, 'transferStatuses').map((s) => {
    const upper = s.toUpperCase();
    if (!(TRANSFER_STATUSES as readonly string[]).includes(upper)) {
      throw new TypeError(`transfer operations filter: transferStatuses holds '${s}'; expected one of ${TRANSFER_STATUSES.join(', ')}`);
    }
    return upper as TransferStatus;
  });
  return {
    projectId: f.projectId,
    jobNames: stringArray(f.jobNames, 'jobNames'),
    operationNames: stringArray(f.operationNames, 'operationNames'),
    transferStatuses: statuses,
  };
}

/**
 * Builds the JSON filter that Storage Transfer's ListOperations requires.
 *
 * @example
 * transferOperationsFilter({ projectId: 'my-project', transferStatuses: ['in_progress'] })
 * // '{"projectId":"my-project","transferStatuses":["IN_PROGRESS"]}'
 * @throws TypeError before any RPC when the filter is not valid: a missing `projectId`, a list that is not an array, a status outside
 *   IN_PROGRESS, PAUSED, SUCCESS, FAILED, ABORTED, an unknown key.
 */
export function transferOperationsFilter(filter: TransferOperationsFilter): string {
  const n = normalizeTransferOperationsFilter(filter);
  const out: Record<string, unknown> = { projectId: n.projectId };
  if (n.jobNames.length) out.jobNames = n.jobNames;
  if (n.operationNames.length) out.operationNames = n.operationNames;
  if (n.transferStatuses.length) out.transferStatuses = n.transferStatuses;
  return JSON.stringify(out);
}

/**
 * Parses and checks a filter string as Storage Transfer would.
 *
 * @throws TypeError for text that is not a JSON object or not a valid filter.
 */
export function parseTransferOperationsFilter(text: string): NormalizedTransferOperationsFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError('transfer operations filter: not valid JSON; expected {"projectId":"..."}');
  }
  return normalizeTransferOperationsFilter(parsed);
}

/**
 * The status Storage Transfer lists an operation under: IN_PROGRESS while it
 * runs, SUCCESS, ABORTED once cancelled (code 1), FAILED for any other error.
 */
export function transferStatusOf(operation: ListedOperation): TransferStatus {
  if (!operation.done) return 'IN_PROGRESS';
  if (operation.errorCode === undefined) return 'SUCCESS';
  return operation.errorCode === Code.CANCELLED ? 'ABORTED' : 'FAILED';
}

/**
 * Reads a filter as Storage Transfer does, into the test an operation must
 * pass: its project, and each list given (job names, operation names,
 * statuses) naming it.
 * @throws TypeError as {@link parseTransferOperationsFilter} does.
 */
export function transferOperationsPredicate(text: string): FilterPredicate {
  const f = parseTransferOperationsFilter(text);
  return (op) =>
    op.projectId === f.projectId &&
    (f.jobNames.length === 0 || f.jobNames.includes(op.jobName)) &&
    (f.operationNames.length === 0 || f.operationNames.includes(op.name)) &&
    (f.transferStatuses.length === 0 || f.transferStatuses.includes(transferStatusOf(op)));
}
