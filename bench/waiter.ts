// What each scenario waits with: one interface, implemented by this SDK's poller and by google-gax's LRO polling.
import type { Operation } from '../src/index.js';

/**
 * How a wait ended: the operation's response (a google.protobuf.Duration,
 * as whole seconds, so that the scenario can check each operation got its
 * own), or the error the operation itself failed with.
 */
export type WaitOutcome = { readonly seconds: number | undefined } | { readonly operationErrorCode: number };

/** Something that waits on operations of one emulator. */
export interface Waiter {
  /** How the figures name it. */
  readonly label: string;
  /** Opens the connection with one GetOperation, so that no measured wait pays for it. */
  warmUp(name: string): Promise<void>;
  /**
   * Waits for an operation that `emulator.create()` just returned and
   * resolves with its outcome, a failed operation included. Rejects for
   * anything else the library rejects with (RPC errors, timeouts); rejects
   * with the signal's reason, and stops polling, when the signal fires.
   */
  wait(op: Operation, signal: AbortSignal): Promise<WaitOutcome>;
  /** Closes the connection. */
  close(): void;
}

/** The whole seconds of a Duration in its proto3 JSON form ('5s', '1.500s'). */
export function secondsOfJsonDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.endsWith('s')) return undefined;
  return Math.trunc(Number(value.slice(0, -1)));
}
