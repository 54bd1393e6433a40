// Reads an HTTP Retry-After header (delta-seconds or an HTTP date) as a delay, and packs it as the RetryInfo it stands for.
import { TYPE_URL_PREFIX, type AnyValue, type Status } from '../operation.js';

const RETRY_INFO = `${TYPE_URL_PREFIX}google.rpc.RetryInfo`;

/**
 * The delay a Retry-After header asks for, in ms: `120` (seconds) or an
 * HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, a date already past reads
 * as 0). Undefined for a header that is absent or reads as neither.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000;
  // Only the shapes an HTTP date takes: Date.parse alone would read '5' or '2026' as dates too.
  if (!/^[A-Za-z]{3},? /.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The status with a google.rpc.RetryInfo detail for a Retry-After delay
 * added, unless it carries a RetryInfo of its own (which wins): from then
 * on the delay is read like any RetryInfo, by the client's retries and by
 * the poller's backoff, as a floor.
 */
export function withRetryAfter(status: Status, delayMs: number | undefined): Status {
  if (delayMs === undefined || status.details.some((d) => d.typeUrl.endsWith('/google.rpc.RetryInfo'))) return status;
  const seconds = (delayMs / 1000).toFixed(3).replace(/\.?0+$/, '');
  const detail: AnyValue = { typeUrl: RETRY_INFO, json: { retryDelay: `${seconds}s` } };
  return { ...status, details: [...status.details, detail] };
}
