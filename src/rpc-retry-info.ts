// Reads the delay a service asks for in a google.rpc.RetryInfo error detail.
import { LongrunningError } from './errors.js';

/** The delay a google.rpc.RetryInfo detail asks for, in ms; undefined when there is none. */
export function retryDelayFromError(err: unknown): number | undefined {
  if (!(err instanceof LongrunningError)) return undefined;
  const info = err.findDetail('google.rpc.RetryInfo');
  const delay = info?.retryDelay;
  if (typeof delay !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(delay);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}
