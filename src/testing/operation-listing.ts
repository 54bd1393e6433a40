// ListOperations over the store, by the profile's rules: the list name, page sizes, filters, order and page tokens.
import { createHash } from 'node:crypto';
import type { Operation } from '../operation.js';
import { findListViolation, hasFilter } from '../profiles/list-request-checks.js';
import { parseTransferOperationsFilter, type TransferStatus } from '../profiles/transfer-operations-filter.js';
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

function transferStatus(store: OperationStore, op: StoredOperation): TransferStatus {
  if (!store.isDone(op)) return 'IN_PROGRESS';
  if (!op.end.error) return 'SUCCESS';
  return op.end.error.code === 1 ? 'ABORTED' : 'FAILED';
}

/**
 * The filter as a predicate. Storage Transfer filters are its JSON document;
 * other profiles know `done=true` and `done=false`. A filter that a
 * profile's own `validateFilter` accepts but that is neither of those lists
 * everything.
 */
function compileFilter(store: OperationStore, filter: string): Matcher {
  const { profile, types } = store;
  if (!hasFilter(filter)) return () => true;
  if (profile.id === 'storage-transfer') {
    let f: ReturnType<typeof parseTransferOperationsFilter>;
    try {
      f = parseTransferOperationsFilter(filter);
    } catch (e) {
      throw invalidArgument(types, 'filter', e instanceof Error ? e.message : String(e));
    }
    return (op) =>
      op.projectId === f.projectId &&
      (f.jobNames.length === 0 || f.jobNames.includes(op.jobName)) &&
      (f.operationNames.length === 0 || f.operationNames.includes(op.name)) &&
      (f.transferStatuses.length === 0 || f.transferStatuses.includes(transferStatus(store, op)));
  }
  const done = /^\s*done\s*=\s*(true|false)\s*$/i.exec(filter);
  if (done) {
    const want = done[1]!.toLowerCase() === 'true';
    return (op) => store.isDone(op) === want;
  }
  if (profile.list.validateFilter) return () => true;
  throw invalidArgument(types, 'filter', `unsupported filter '${filter}'; ${profile.title} accepts 'done=true' or 'done=false'`);
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
