/**
 * An embedded google.longrunning Operations server (gRPC and REST) for
 * tests and demos, its in-memory transport, and the ManualClock.
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
