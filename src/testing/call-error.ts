// The error a call to the emulator ends with: a google.rpc.Status with packed details, which each transport writes its own way.
import { Code } from '../codes.js';
import { msToDurationJson } from '../proto-duration.js';
import type { AnyValue, Status } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { RPC_NAMES, type OperationsMethod, type ServiceProfile } from '../profiles/service-profile.js';

/** A call failed with a Status; the transports turn it into gRPC trailers or a REST error envelope. */
export class EmulatorCallError extends Error {
  /** The Status to send, details packed. */
  readonly status: Status;

  constructor(code: number, message: string, details: readonly AnyValue[] = []) {
    super(message);
    this.name = 'EmulatorCallError';
    this.status = { code, message, details };
  }

  /** Any thrown value as a call error: itself, or INTERNAL with the value's message. */
  static from(reason: unknown): EmulatorCallError {
    if (reason instanceof EmulatorCallError) return reason;
    return new EmulatorCallError(Code.INTERNAL, `emulator: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** INVALID_ARGUMENT with a google.rpc.BadRequest naming the request field. */
export function invalidArgument(types: TypeRegistry, field: string, message: string): EmulatorCallError {
  const detail = types.pack('google.rpc.BadRequest', { fieldViolations: [{ field, description: message }] });
  return new EmulatorCallError(Code.INVALID_ARGUMENT, message, [detail]);
}

/** NOT_FOUND for an operation, with a google.rpc.ResourceInfo naming it. */
export function operationNotFound(types: TypeRegistry, name: string): EmulatorCallError {
  const message = `operation ${name} not found`;
  const detail = types.pack('google.rpc.ResourceInfo', {
    resourceType: 'google.longrunning.Operation',
    resourceName: name,
    description: message,
  });
  return new EmulatorCallError(Code.NOT_FOUND, message, [detail]);
}

/** UNIMPLEMENTED for a method the profile does not serve over the transport. */
export function unimplemented(method: OperationsMethod, profile: ServiceProfile): EmulatorCallError {
  return new EmulatorCallError(Code.UNIMPLEMENTED, `${RPC_NAMES[method]} is not implemented by ${profile.title}`);
}

/** A google.rpc.RetryInfo detail asking the client to wait `delayMs`. */
export function retryInfo(types: TypeRegistry, delayMs: number): AnyValue {
  return types.pack('google.rpc.RetryInfo', { retryDelay: msToDurationJson(delayMs) });
}
