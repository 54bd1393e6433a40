// ListOperations over the store, by the profile's list rules: the request checked, the filter applied, the order kept, pages cut by tokens.
import { createHash } from 'node:crypto';
import type { Operation } from '../operation.js';
import { findListViolation, hasFilter } from '../profiles/list-request-checks.js';
import type { FilterPredicate, ListedOperation } from '../profiles/list-rules.js';
import { invalidArgument } from './call-error.js';
import type { OperationStore, StoredOperation } from './operation-store.js';
import type { ListRequest } from '../transport/transport.js';

/** One page, payloads still binary. */
export interface ListResult {
  readonly operations: Operation[];
  readonly nextPageToken: string;
  readonly unreachable: string[];
}

/** The page size used for `pageSize` 0. */
const DEFAULT_PAGE_SIZE = 50;
/** The quiet cap for services that state no maximum. */
const SILENT_CAP = 1000;

type Matcher = (op: StoredOperation) => boolean;

/** What the profile's filter sees of a stored operation. */
function listed(store: OperationStore, op: StoredOperation): ListedOperation {
  const done = store.isDone(op);
  return { name: op.name, done, errorCode: done ? op.end.error?.code : undefined, projectId: op.projectId, jobName: op.jobName };
}

/** The filter as a predicate, by the profile's `list.compileFilter`; a blank filter matches everything. */
function compileFilter(store: OperationStore, filter: string): Matcher {
  if (!hasFilter(filter)) return () => true;
  let test: FilterPredicate;
  try {
    test = store.profile.list.compileFilter(filter);
  } catch (e) {
    throw invalidArgument(store.types, 'filter', e instanceof Error ? e.message : String(e));
  }
  return (op) => test(listed(store, op));
}

function tokenHash(name: string, filter: string): string {
  return createHash('sha256').update(`${name}\u0000${filter}`).digest('hex').slice(0, 10);
}

/** A page token: the sequence number of the last operation returned, bound to the name and filter. */
function encodeToken(seq: number, name: string, filter: string): string {
  return Buffer.from(`${seq}.${tokenHash(name, filter)}`).toString('base64url');
}

function decodeToken(store: OperationStore, token: string, name: string, filter: string): number | undefined {
  if (token === '') return undefined;
  const m = /^(\d{1,15})\.([0-9a-f]{10})$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
  if (!m) throw invalidArgument(store.types, 'page_token', 'page_token is not a token this service issued');
  if (m[2] !== tokenHash(name, filter)) {
    throw invalidArgument(
      store.types,
      'page_token',
      'page_token belongs to another list request; name and filter must stay the same between pages',
    );
  }
  return Number(m[1]);
}

function pageSizeFor(store: OperationStore, pageSize: number): number {
  const max = store.profile.list.maxPageSize;
  if (pageSize === 0) return Math.min(DEFAULT_PAGE_SIZE, max ?? DEFAULT_PAGE_SIZE);
  return Math.min(pageSize, SILENT_CAP);
}

/**
 * Lists the operations under `request.name` (those whose name starts with
 * `name + '/'`), in the profile's order, one page at a time. Tokens are
 * cursors, so operations created or deleted between pages neither repeat
 * nor shift the rest.
 *
 * @throws EmulatorCallError INVALID_ARGUMENT (with a google.rpc.BadRequest)
 *   for a name outside the list pattern, a page size below 0 or over the
 *   profile's maximum, a missing or bad filter, or a token not issued for
 *   this name and filter.
 */
export function listOperations(store: OperationStore, request: ListRequest): ListResult {
  const { profile, types } = store;
  const violation = findListViolation(profile, request);
  if (violation) throw invalidArgument(types, violation.field, violation.description);
  const size = pageSizeFor(store, request.pageSize);
  const matches = compileFilter(store, request.filter);
  const after = decodeToken(store, request.pageToken, request.name, request.filter);
  const newestFirst = profile.list.order === 'newest-first';
  const prefix = `${request.name}/`;

  const page: StoredOperation[] = [];
  let more = false;
  const candidates = newestFirst ? [...store.all()].reverse() : store.all();
  for (const op of candidates) {
    if (after !== undefined && (newestFirst ? op.seq >= after : op.seq <= after)) continue;
    if (!op.name.startsWith(prefix) || !matches(op)) continue;
    if (page.length === size) {
      more = true;
      break;
    }
    page.push(op);
  }
  const last = page[page.length - 1];
  return {
    operations: page.map((op) => store.read(op)!),
    nextPageToken: more && last ? encodeToken(last.seq, request.name, request.filter) : '',
    unreachable: [],
  };
}
