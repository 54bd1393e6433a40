// Reads the delay a service asks for in a google.rpc.RetryInfo error detail.
import { LongrunningError } from './errors.js';
import { durationJsonToMs } from './proto-duration.js';

/** The delay a google.rpc.RetryInfo detail asks for, in ms; undefined when there is none. */
export function retryDelayFromError(err: unknown): number | undefined {
  if (!(err instanceof LongrunningError)) return undefined;
  const info = err.findDetail('google.rpc.RetryInfo');
  const delay = info?.retryDelay;
  const ms = durationJsonToMs(delay);
  return ms === undefined || ms < 0 ? undefined : Math.round(ms);
}
