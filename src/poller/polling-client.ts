// What a Poller needs of a client: three RPCs, the profile, and its defaults.
import type { CallOptions } from '../call-options.js';
import type { Operation } from '../operation.js';
import type { ServiceProfile, Transport } from '../service-profile.js';
import type { PollOptions } from './poll-options.js';

/** The part of an OperationsClient a Poller uses. */
export interface PollingClient {
  readonly service: ServiceProfile;
  readonly transport: Transport;
  /** Poll options set on the client, under the poller's own. */
  readonly pollDefaults: PollOptions | undefined;
  /** The longest one poll's RPC may take, in ms. */
  readonly timeoutMs: number;
  /** How many long-polls the client's pollers may hold open at once. */
  readonly maxConcurrentWaits: number;
  getOperation(name: string, options?: CallOptions): Promise<Operation>;
  waitOperation(name: string, options?: CallOptions): Promise<Operation>;
  cancelOperation(name: string, options?: CallOptions): Promise<void>;
}
