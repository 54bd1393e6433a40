// What a service applies to ListOperations: page size, filter rules and order, and how its filter selects operations.

/** One operation as a list filter sees it. */
export interface ListedOperation {
  /** The operation's name. */
  readonly name: string;
  /** Whether it has finished. */
  readonly done: boolean;
  /** The google.rpc code it ended with: undefined while it runs and once it succeeded; 1 (CANCELLED) when cancelled. */
  readonly errorCode: number | undefined;
  /** The project it belongs to (the emulator's `OperationSpec.projectId`). */
  readonly projectId: string;
  /** The job that started it (the emulator's `OperationSpec.jobName`). */
  readonly jobName: string;
}

/** Whether an operation passes a filter. */
export type FilterPredicate = (operation: ListedOperation) => boolean;

/** The rules a service applies to ListOperations. */
export interface ListRules {
  /**
   * The largest page size the service accepts; a larger one is INVALID_ARGUMENT.
   * Undefined: no limit (the service caps it quietly).
   */
  readonly maxPageSize?: number;
  /** Whether a filter must be given. @default false */
  readonly filterRequired?: boolean;
  /**
   * Checks a filter; throws a TypeError that says what is wrong. The client
   * calls it before sending a list request, the emulator on receiving one;
   * either way a refusal is INVALID_ARGUMENT on the field `filter`.
   */
  readonly validateFilter?: (filter: string) => void;
  /** The order the service lists in. @default 'oldest-first' */
  readonly order?: 'newest-first' | 'oldest-first';
  /**
   * How the emulator reads a filter: returns the test each operation must
   * pass to be listed. Called once per list request, with a filter that is
   * not blank and that `validateFilter` accepted; throw a TypeError to
   * refuse it (INVALID_ARGUMENT on `filter`). The client never calls it.
   *
   * @default `done=true` and `done=false` (any case, spaces allowed around
   *   `=`). Any other filter is refused, unless the profile has a
   *   `validateFilter`: a filter that it accepted then matches every operation.
   * @example
   * // Lists the operations of one project: `project=p1`.
   * compileFilter: (filter) => {
   *   const project = /^project=(\S+)$/.exec(filter)?.[1];
   *   if (!project) throw new TypeError(`filter '${filter}' must read project=ID`);
   *   return (op) => op.projectId === project;
   * }
   */
  readonly compileFilter?: (filter: string) => FilterPredicate;
}

/** List rules with their defaults filled. */
export type CompiledListRules = Readonly<Required<Omit<ListRules, 'maxPageSize' | 'validateFilter'>>> &
  Pick<ListRules, 'maxPageSize' | 'validateFilter'>;

/** The default filter reading (see {@link ListRules.compileFilter}). */
function doneFilter(title: string, vouched: boolean): (filter: string) => FilterPredicate {
  return (filter) => {
    const done = /^\s*done\s*=\s*(true|false)\s*$/i.exec(filter);
    if (done) {
      const want = done[1]!.toLowerCase() === 'true';
      return (op) => op.done === want;
    }
    if (vouched) return () => true;
    throw new TypeError(`unsupported filter '${filter}'; ${title} accepts 'done=true' or 'done=false'`);
  };
}

/**
 * Checks a profile's list rules and fills their defaults.
 * @param what names the profile in error messages, e.g. `'service profile users'`.
 * @throws TypeError naming the field: a `maxPageSize` that is not a positive
 *   integer, a `validateFilter` or `compileFilter` that is not a function.
 */
export function compileListRules(rules: ListRules | undefined, title: string, what: string): CompiledListRules {
  const r = rules ?? {};
  const { maxPageSize, validateFilter, compileFilter, order = 'oldest-first', filterRequired = false } = r;
  if (maxPageSize !== undefined && !(Number.isInteger(maxPageSize) && maxPageSize > 0)) {
    throw new TypeError(`${what}: list.maxPageSize must be a positive integer`);
  }
  for (const [field, fn] of [
    ['validateFilter', validateFilter],
    ['compileFilter', compileFilter],
  ] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`${what}: list.${field} must be a function`);
  }
  return Object.freeze({
    ...r,
    filterRequired,
    order,
    compileFilter: compileFilter ?? doneFilter(title, validateFilter !== undefined),
  });
}
