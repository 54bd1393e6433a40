// What a Poller needs of a client: three RPCs, the profile, and the state the client's pollers share.
import type { CallOptions } from '../call-options.js';
import type { Operation } from '../operation.js';
import type { ServiceProfile, Transport } from '../profiles/service-profile.js';
import type { PollingState } from './polling-state.js';
import type { ClientObserver } from '../observe/client-observer.js';

/** The part of an OperationsClient a Poller uses. */
export interface PollingClient {
  readonly service: ServiceProfile;
  /** The bindings the client's transport follows. */
  readonly transport: Transport;
  /** The longest one poll's RPC may take, in ms. */
  readonly timeoutMs: number;
  /** The state the client's pollers share. */
  readonly polling: PollingState;
  /** What tells of the client's calls and waits, where there is one. */
  readonly observer?: ClientObserver;
  getOperation(name: string, options?: CallOptions): Promise<Operation>;
  waitOperation(name: string, options?: CallOptions): Promise<Operation>;
  cancelOperation(name: string, options?: CallOptions): Promise<void>;
}
