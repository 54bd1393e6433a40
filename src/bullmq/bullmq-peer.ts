// Loads bullmq, an optional peer dependency, once; where it is not installed, fails with one error that says what to install.
import type * as BullMQ from 'bullmq';
import { Code } from '../codes.js';
import { LongrunningError } from '../errors.js';

/** What to run for `longrunning/bullmq` to load: BullMQ and the Redis client it connects with by default. */
export const BULLMQ_INSTALL = 'npm install bullmq ioredis';

function isModuleNotFound(err: unknown, specifier: string): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`))
  );
}

/**
 * The error to throw for a failed `import('bullmq')`: where bullmq itself
 * cannot be found, a LongrunningError (FAILED_PRECONDITION) that says what
 * to install, the original as its `cause`; anything else (bullmq found but
 * broken, one of its own dependencies missing) as it is.
 */
export function missingPeerError(err: unknown): unknown {
  if (!isModuleNotFound(err, 'bullmq')) return err;
  return new LongrunningError(
    Code.FAILED_PRECONDITION,
    `longrunning/bullmq needs the bullmq package (6 or later), an optional peer dependency that is not installed: ${BULLMQ_INSTALL}`,
    { cause: err },
  );
}

async function load(): Promise<typeof BullMQ> {
  try {
    return await import('bullmq');
  } catch (err) {
    throw missingPeerError(err);
  }
}

/** The bullmq module. Importing this file fails as {@link missingPeerError} says when bullmq is not installed. */
export const bullmq: typeof BullMQ = await load();
