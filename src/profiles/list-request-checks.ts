// A ListOperations request judged by a profile's list rules, the one judgement the client and the emulator both make.
import { RPC_NAMES, type ServiceProfile } from './service-profile.js';

/** A field of a ListOperations request that the service would refuse, and why. */
export interface ListViolation {
  /** The request field, as a google.rpc.BadRequest names it. */
  readonly field: 'name' | 'page_size' | 'filter';
  /** What is wrong, in a sentence fit for an error message. */
  readonly description: string;
}

/** The fields of a ListOperations request that the list rules judge, as they go on the wire. */
export interface ListRequestFields {
  /** The collection or parent to list. */
  readonly name: string;
  /** The filter; empty or blank: none. */
  readonly filter: string;
  /** Operations per page; 0: the service chooses. */
  readonly pageSize: number;
}

/** Whether a filter counts as given: blank text is no filter. */
export function hasFilter(filter: string): boolean {
  return filter.trim() !== '';
}

/**
 * Judges a list request as the profile's service would: the name against
 * the list pattern, the page size (a whole number from 0 up to
 * `list.maxPageSize`), then the filter (present when `list.filterRequired`,
 * accepted by `list.validateFilter`). A `validateFilter` refuses a filter by
 * throwing; its message becomes the description.
 *
 * Values of the wrong type (from plain JavaScript callers) are violations,
 * not exceptions. The page token is not judged: only the server that issued
 * it can.
 *
 * @returns the first violation found, or undefined when the request passes.
 */
export function findListViolation(profile: ServiceProfile, request: ListRequestFields): ListViolation | undefined {
  const { name, filter, pageSize } = request;
  const why = typeof name === 'string' ? profile.namePattern('list').explain(name) : 'it is not a string';
  if (why) return { field: 'name', description: `'${String(name)}' is not a name ${profile.title} accepts for ${RPC_NAMES.list}: ${why}` };
  if (!Number.isInteger(pageSize) || pageSize < 0)
    return { field: 'page_size', description: `page_size must be a non-negative integer, got ${String(pageSize)}` };
  const max = profile.list.maxPageSize;
  if (max !== undefined && pageSize > max)
    return { field: 'page_size', description: `page_size ${pageSize} is over ${profile.title}'s limit of ${max}` };
  if (typeof filter !== 'string') return { field: 'filter', description: 'filter must be a string' };
  if (!hasFilter(filter)) {
    return profile.list.filterRequired
      ? { field: 'filter', description: `${profile.title} requires a filter on ListOperations` }
      : undefined;
  }
  try {
    profile.list.validateFilter?.(filter);
  } catch (err) {
    return { field: 'filter', description: err instanceof Error ? err.message : String(err) };
  }
  return undefined;
}
