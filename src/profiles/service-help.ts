// What the CLI's help says of a service: a line about it, a note on its list requests, an example filter.
import type { CompiledListRules } from './list-rules.js';

/** What `lro --help` and `lro list --help` say of a service. Plain text, unwrapped: the CLI wraps it. */
export interface ServiceHelp {
  /** One line about the service, for the list of services. @default its title and the RPCs it offers */
  readonly summary?: string;
  /**
   * A note on what its ListOperations takes: the filter's form, the page limit.
   * @default from its list rules: whether a filter is required, the page limit, the order; none when all are the defaults
   */
  readonly list?: string;
  /** A filter the service accepts, for the examples. @default none */
  readonly exampleFilter?: string;
}

/** The help with its defaults filled. */
export interface CompiledServiceHelp {
  /** See {@link ServiceHelp.summary}. */
  readonly summary: string;
  /** See {@link ServiceHelp.list}; undefined when there is nothing to say. */
  readonly list: string | undefined;
  /** See {@link ServiceHelp.exampleFilter}. */
  readonly exampleFilter: string | undefined;
}

/** What the defaults are made from: the profile's title, its RPCs and its list rules. */
export interface ServiceFacts {
  /** The profile's human name. */
  readonly title: string;
  /** The RPCs it offers, with the one transport of those that lack the other, e.g. `['Get', 'Wait (gRPC only)']`. */
  readonly rpcs: readonly string[];
  /** Its list rules, defaults filled. */
  readonly list: CompiledListRules;
}

function listNote(list: CompiledListRules): string | undefined {
  const parts = [
    ...(list.filterRequired ? ['a filter is required'] : []),
    ...(list.maxPageSize !== undefined ? [`at most ${list.maxPageSize} per page`] : []),
    ...(list.order === 'newest-first' ? ['newest first'] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * Checks a profile's help and fills its defaults.
 * @param what names the profile in error messages, e.g. `'service profile users'`.
 * @throws TypeError naming the field that is not a non-empty string.
 */
export function compileHelp(help: ServiceHelp | undefined, facts: ServiceFacts, what: string): CompiledServiceHelp {
  const h = help ?? {};
  if (typeof h !== 'object' || h === null) throw new TypeError(`${what}: help must be an object`);
  for (const field of ['summary', 'list', 'exampleFilter'] as const) {
    const text = h[field];
    if (text !== undefined && (typeof text !== 'string' || text.trim() === '')) {
      throw new TypeError(`${what}: help.${field} must be a non-empty string`);
    }
  }
  return Object.freeze({
    summary: h.summary ?? `${facts.title}: ${facts.rpcs.length ? facts.rpcs.join(', ') : 'no RPCs'}`,
    list: h.list ?? listNote(facts.list),
    exampleFilter: h.exampleFilter,
  });
}
