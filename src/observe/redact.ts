// Keeps credentials out of what a client logs: header values by name, and every value the caller put in `headers` wherever it shows.

/** What a redacted value reads as. */
export const REDACTED = '[redacted]';

// Header names whose values are credentials whoever sets them.
const SENSITIVE_NAME = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|password|credential|signature/i;

// A value shorter than this is not searched for in text: `1` or `yes` would blank out half of every line.
const MIN_SECRET_LENGTH = 6;

const MAX_DEPTH = 4;

/** True for a header whose value is a credential by its name alone (`authorization`, `x-goog-api-key`, …). */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/**
 * Redacts what a client is about to log. Built once per client from the
 * caller's `headers`: each of their values is a secret as far as logging
 * goes (an API key, a session, a signed token), whatever its header's name.
 */
export class Redactor {
  readonly #callerNames: ReadonlySet<string>;
  readonly #secrets: readonly string[];

  constructor(callerHeaders: Readonly<Record<string, string>>) {
    this.#callerNames = new Set(Object.keys(callerHeaders).map((k) => k.toLowerCase()));
    // Longest first, so that a secret that contains another is blanked out whole.
    this.#secrets = [...new Set(Object.values(callerHeaders).filter((v) => v.length >= MIN_SECRET_LENGTH))].sort(
      (a, b) => b.length - a.length,
    );
  }

  /** The headers with every sensitive or caller-given value replaced by {@link REDACTED}. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = isSensitiveHeader(name) || this.#callerNames.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return out;
  }

  /** The text with each of the caller's header values blanked out. */
  text(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A copy of log fields with {@link text} applied to every string in them, nested ones included. */
  fields<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((v: unknown) => this.fields(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.fields(v, depth + 1);
    return out as T;
  }
}
