// Checks a request against a service profile before it goes on the wire: what the service would refuse is refused here.
import { Code } from '../codes.js';
import { RpcError, type ErrorDetail } from '../errors.js';
import { RPC_NAMES, type OperationsMethod, type ServiceProfile, type Transport } from '../profiles/service-profile.js';
import type { ListRequest } from '../transport/transport.js';
import { findListViolation } from '../profiles/list-request-checks.js';

/** A ListOperations request. */
export interface ListOperationsRequest {
  /**
   * The collection or parent to list: `operations`, `transferOperations`,
   * `projects/p/locations/l`. May be left out where the profile's list name
   * has no wildcard.
   */
  readonly name?: string;
  /** The service's filter. Storage Transfer requires one: see {@link transferOperationsFilter}. */
  readonly filter?: string;
  /** Operations per page; 0 lets the service choose. Storage Transfer takes at most 256. @default 0 */
  readonly pageSize?: number;
  /** Where to start, from an earlier page's `nextPageToken`. @default '' */
  readonly pageToken?: string;
  /** Ask for what the service can reach; the rest is named in `unreachable`. @default false */
  readonly returnPartialSuccess?: boolean;
}

function badRequest(field: string, description: string): ErrorDetail {
  return { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] };
}

function invalid(method: OperationsMethod, field: string, description: string): RpcError {
  return new RpcError(Code.INVALID_ARGUMENT, description, { method: RPC_NAMES[method], details: [badRequest(field, description)] });
}

/** @throws RpcError UNIMPLEMENTED, naming the RPC and the service, when the profile lacks the method over the transport. */
export function checkMethod(profile: ServiceProfile, transport: Transport, method: OperationsMethod): void {
  if (!profile.supports(method, transport)) {
    const over = profile.supports(method, transport === 'grpc' ? 'rest' : 'grpc') ? ` over ${transport}` : '';
    throw new RpcError(Code.UNIMPLEMENTED, `${RPC_NAMES[method]} is not offered by ${profile.title}${over}`, { method: RPC_NAMES[method] });
  }
}

/** @throws RpcError INVALID_ARGUMENT, with a BadRequest detail, for a name that does not fit the method's pattern. */
export function checkName(profile: ServiceProfile, method: OperationsMethod, name: unknown): string {
  const why = typeof name === 'string' ? profile.namePattern(method).explain(name) : 'it is not a string';
  if (why) {
    throw invalid(method, 'name', `'${String(name)}' is not a name ${profile.title} accepts for ${RPC_NAMES[method]}: ${why}`);
  }
  return name as string;
}

/**
 * Fills a list request's defaults and checks it by the profile's list rules
 * (see {@link findListViolation}): what the service would refuse fails here,
 * before any call.
 * @throws RpcError INVALID_ARGUMENT, with a BadRequest detail naming the field.
 */
export function checkListRequest(profile: ServiceProfile, request: ListOperationsRequest): ListRequest {
  const pattern = profile.namePattern('list').pattern;
  const name = request.name ?? (pattern.includes('*') ? undefined : pattern);
  if (name === undefined) throw invalid('list', 'name', `ListOperations on ${profile.title} needs a name of the form ${pattern}`);
  const checked: ListRequest = {
    name,
    filter: request.filter ?? '',
    pageSize: request.pageSize ?? 0,
    pageToken: request.pageToken ?? '',
    returnPartialSuccess: request.returnPartialSuccess ?? false,
  };
  const violation = findListViolation(profile, checked);
  if (violation) throw invalid('list', violation.field, violation.description);
  return checked;
}
