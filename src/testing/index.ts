/**
 * An embedded google.longrunning Operations server for tests and demos:
 * {@link startEmulator} serves gRPC and REST on loopback (or in memory,
 * with `listen: false` and `emulator.transport()`), and {@link ManualClock}
 * moves time only when told, so a wait of hours is tested in milliseconds.
 *
 * This file only re-exports.
 *
 * @module longrunning/testing
 */
export { startEmulator } from './emulator.js';
export type { Emulator, EmulatorOptions } from './emulator.js';
export type { CorsOption } from './cors.js';
export type { OperationSpec, OperationState, ErrorSpec } from './operation-store.js';
export type { PayloadSpec } from './payloads.js';
export type { FaultOptions, FailNextError } from './faults.js';
export type { EmulatorCalls, ReceivedCall } from './call-gate.js';
export { ManualClock } from './manual-clock.js';
export type { InMemoryTransportOptions } from './in-memory-transport.js';
