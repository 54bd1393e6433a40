// How a service answers for many operations in one ListOperations: the capability behind batched polling.

/** The ListOperations request that returns a given set of operations, and nothing else that matters. */
export interface BatchListRequest {
  /** The list's `name` (its parent), e.g. `'transferOperations'`. */
  readonly name: string;
  /** The filter that selects exactly the operations asked for. */
  readonly filter: string;
}

/**
 * A service that can list operations by name declares it here, and the
 * pollers of one client then poll many operations with one ListOperations
 * instead of one GetOperation each. Storage Transfer's profile has it: its
 * filter takes `operationNames` (with the `projectId` it requires).
 *
 * Results stay exact: an operation missing from the answer is polled with
 * GetOperation, and so is every operation of a list that fails.
 */
export interface BatchGetRule {
  /** The most names one list may carry (at most the profile's page size limit). */
  readonly maxNames: number;
  /**
   * The key under which an operation may share a list with others: those
   * with equal keys go in one request (Storage Transfer: the project id).
   * Undefined: this operation is polled on its own for now (say, before its
   * metadata has told its project). `metadata` is the latest decoded
   * metadata, in the poller's `format` (or the JSON of a REST answer whose
   * type is not registered), when there is one.
   */
  keyOf(name: string, metadata: unknown): string | undefined;
  /** The request that lists exactly `names`, all under `key`. */
  request(key: string, names: readonly string[]): BatchListRequest;
}

/**
 * Checks a batch rule's shape.
 * @throws TypeError naming the field that is wrong.
 */
export function checkBatchGetRule(rule: BatchGetRule | undefined, maxPageSize: number | undefined, what: string): BatchGetRule | undefined {
  if (rule === undefined) return undefined;
  if (typeof rule !== 'object' || rule === null) throw new TypeError(`${what}: batchGet must be an object`);
  if (!Number.isInteger(rule.maxNames) || rule.maxNames < 1) throw new TypeError(`${what}: batchGet.maxNames must be a positive integer`);
  if (maxPageSize !== undefined && rule.maxNames > maxPageSize) {
    throw new TypeError(`${what}: batchGet.maxNames (${rule.maxNames}) passes list.maxPageSize (${maxPageSize})`);
  }
  if (typeof rule.keyOf !== 'function') throw new TypeError(`${what}: batchGet.keyOf must be a function`);
  if (typeof rule.request !== 'function') throw new TypeError(`${what}: batchGet.request must be a function`);
  return Object.freeze({ maxNames: rule.maxNames, keyOf: rule.keyOf, request: rule.request });
}
