// Requests that cannot be made to the service, refused before any call: the client's own checks, run by lro first.
import { RpcError, type ListOperationsRequest, type OperationsClient } from '../index.js';
import { checkListRequest, checkMethod, checkName } from '../client/request-checks.js';
import type { OperationsMethod } from '../profiles/service-profile.js';
import { RequestRefused } from './exit-codes.js';

/** Runs a check; the RpcError it throws becomes a {@link RequestRefused}. */
function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof RpcError) throw new RequestRefused(err);
    throw err;
  }
}

/**
 * Checks, as the client will, that the service has the method over the
 * client's transport and accepts the name for it; returns the name.
 * @throws RequestRefused (exit 5) with the client's UNIMPLEMENTED or INVALID_ARGUMENT.
 */
export function checkNamedCall(client: OperationsClient, method: Exclude<OperationsMethod, 'list'>, name: string): string {
  return refusing(() => {
    checkMethod(client.service, client.transport, method);
    return checkName(client.service, method, name);
  });
}

/** Checks each name as {@link checkNamedCall} does, the method once. */
export function checkNamedCalls(client: OperationsClient, method: Exclude<OperationsMethod, 'list'>, names: readonly string[]): void {
  refusing(() => {
    checkMethod(client.service, client.transport, method);
    for (const name of names) checkName(client.service, method, name);
  });
}

/**
 * Checks a ListOperations request by the profile's list rules (the name,
 * the page size, the filter) as the client will; returns it unchanged.
 * @throws RequestRefused (exit 5) with the client's UNIMPLEMENTED or INVALID_ARGUMENT.
 */
export function checkListCall(client: OperationsClient, request: ListOperationsRequest): ListOperationsRequest {
  return refusing(() => {
    checkMethod(client.service, client.transport, 'list');
    checkListRequest(client.service, request);
    return request;
  });
}

/** Checks that the service has a method at all over the client's transport. */
export function checkMethodCall(client: OperationsClient, method: OperationsMethod): void {
  refusing(() => checkMethod(client.service, client.transport, method));
}
