// Google's wire etiquette: the headers its generated clients send, so that a service (its metrics, quotas and routing) knows the caller.
import { PACKAGE_NAME, PACKAGE_VERSION } from '../generated/version.js';

/** Names the client library and its runtime: `gl-node/20.19.0 longrunning/0.1.0 grpc/1.14.7`. */
export const API_CLIENT_HEADER = 'x-goog-api-client';

/** The resource a call is about, for services that route by it: `name=operations%2Fabc`. */
export const REQUEST_PARAMS_HEADER = 'x-goog-request-params';

/** The project a call's quota and billing go to, when it is not the credentials' own. */
export const USER_PROJECT_HEADER = 'x-goog-user-project';

/** The package as a user-agent product: `longrunning/0.1.0`. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;

// gax says gl-node on Node and gl-web elsewhere; the runtime's own version follows where it has one.
function runtimeToken(): string {
  const node = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node;
  return typeof node === 'string' ? `gl-node/${node}` : 'gl-web/';
}

/**
 * The value of `x-goog-api-client` for a transport, given as its token
 * (`grpc/1.14.7`, `rest/0.1.0`): the runtime, the package, then the transport.
 */
export function apiClientHeader(transportToken: string): string {
  return `${runtimeToken()} ${PACKAGE_NAME}/${PACKAGE_VERSION} ${transportToken}`;
}

/** The REST transport's token: REST has no library of its own to name, so it carries the package version, as gax's does. */
export const REST_TOKEN = `rest/${PACKAGE_VERSION}`;

/**
 * The value of `x-goog-request-params` for a resource name, URL-encoded as
 * the generated clients encode it (`operations/abc` → `name=operations%2Fabc`).
 */
export function requestParamsHeader(name: string): string {
  return `name=${encodeURIComponent(name)}`;
}
