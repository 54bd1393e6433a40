// What a poller may be made from: an Operation, an operation name, or a resume token (object or JSON text).
import type { Operation } from '../operation.js';
import type { ResumeToken } from './poller.js';
import type { PayloadTypes } from './snapshot.js';

/** Where a poller starts, and the payload types it pins. */
export interface PollerStart {
  readonly start: string | Operation;
  readonly payloadTypes: PayloadTypes;
}

/**
 * Reads a poller's target. Types pinned by the caller win over a token's.
 * @throws TypeError for a token that is not JSON, not of this package, or of another service; or a target of no known kind.
 */
export function readPollerTarget(target: string | Operation | ResumeToken, serviceId: string, pinned: PayloadTypes): PollerStart {
  if (typeof target === 'string' && target.trimStart().startsWith('{')) {
    try {
      target = JSON.parse(target) as ResumeToken;
    } catch {
      throw new TypeError('poller: the token is not valid JSON');
    }
  }
  if (typeof target === 'object' && target !== null && 'v' in target) {
    if (target.v !== 1 || typeof target.name !== 'string') throw new TypeError('poller: not a resume token of this package');
    if (target.service !== serviceId)
      throw new TypeError(`poller: the token is for service '${target.service}', this client follows '${serviceId}'`);
    return {
      start: target.name,
      payloadTypes: { responseType: pinned.responseType ?? target.responseType, metadataType: pinned.metadataType ?? target.metadataType },
    };
  }
  if (typeof target === 'string' || (typeof target === 'object' && target !== null && typeof target.name === 'string')) {
    return { start: target, payloadTypes: pinned };
  }
  throw new TypeError('poller: expected an operation name, an Operation or a resume token');
}
