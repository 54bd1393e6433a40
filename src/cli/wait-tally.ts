// What `lro wait` on many operations has come to so far: the outcomes counted by kind, in words and as an exit code.
import { exitCodeForOutcomes } from './exit-codes.js';
import type { OutcomeKind } from './outcome-view.js';

const WORDS: Readonly<Record<Exclude<OutcomeKind, 'succeeded'>, readonly [one: string, many: string]>> = {
  failed: ['failed', 'failed'],
  cancelled: ['cancelled', 'cancelled'],
  'rpc-error': ['RPC error', 'RPC errors'],
  timeout: ['not done', 'not done'],
};

/** The outcomes of one wait on many operations, counted as they come. */
export class WaitTally {
  /** How many operations are waited on (a name listed twice counts twice). */
  readonly total: number;
  readonly #counts: Record<OutcomeKind, number> = { succeeded: 0, failed: 0, cancelled: 0, 'rpc-error': 0, timeout: 0 };
  #done = 0;

  constructor(total: number) {
    this.total = total;
  }

  /** Outcomes so far. */
  get done(): number {
    return this.#done;
  }

  /** How many ended so. */
  count(kind: OutcomeKind): number {
    return this.#counts[kind];
  }

  /** Counts one outcome. */
  add(kind: OutcomeKind): void {
    this.#counts[kind]++;
    this.#done++;
  }

  // The kinds other than success that happened, in words: `1 failed · 2 RPC errors`.
  #troubles(separator: string): string[] {
    const parts: string[] = [];
    for (const [kind, [one, many]] of Object.entries(WORDS) as [OutcomeKind, readonly [string, string]][]) {
      const n = this.#counts[kind];
      if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
    }
    return parts.length ? [parts.join(separator)] : [];
  }

  /** While waiting: `12/40 done · 1 failed · 2 RPC errors`. */
  get progress(): string {
    return [`${this.#done}/${this.total} done`, ...this.#troubles(' · ')].join(' · ');
  }

  /** At the end: `40 operations: 38 succeeded, 1 failed, 1 cancelled`. */
  get summary(): string {
    const n = this.total;
    return `${n} ${n === 1 ? 'operation' : 'operations'}: ${[`${this.#counts.succeeded} succeeded`, ...this.#troubles(', ')].join(', ')}`;
  }

  /** The exit code these outcomes give: see {@link exitCodeForOutcomes}. */
  get exitCode(): number {
    const c = this.#counts;
    return exitCodeForOutcomes({ failed: c.failed, cancelled: c.cancelled, rpcError: c['rpc-error'], timeout: c.timeout });
  }
}
