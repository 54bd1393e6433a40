// The REST JSON the emulator writes: operations and pages in proto3 JSON, and Google's error envelope.
import { codeName, httpStatusFromCode } from '../codes.js';
import type { JsonObject, Operation, Status } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import type { ListResult } from './operation-listing.js';
import { anyToRestJson } from './payloads.js';

/** A google.rpc.Status as `{ code, message, details? }`; details in Any JSON, left out when there are none. */
export function statusToRestJson(types: TypeRegistry, status: Status): JsonObject {
  const json: JsonObject = { code: status.code, message: status.message };
  if (status.details.length > 0) json.details = status.details.map((d) => anyToRestJson(types, d));
  return json;
}

/** An operation in proto3 JSON: `done` only when true, payloads as `{ '@type', ... }`. */
export function operationToRestJson(types: TypeRegistry, op: Operation): JsonObject {
  const json: JsonObject = { name: op.name };
  if (op.metadata) json.metadata = anyToRestJson(types, op.metadata);
  if (op.done) json.done = true;
  if (op.error) json.error = statusToRestJson(types, op.error);
  if (op.response) json.response = anyToRestJson(types, op.response);
  return json;
}

/** A ListOperations response: `operations` always, `nextPageToken` and `unreachable` only when not empty. */
export function pageToRestJson(types: TypeRegistry, page: ListResult): JsonObject {
  const json: JsonObject = { operations: page.operations.map((op) => operationToRestJson(types, op)) };
  if (page.nextPageToken) json.nextPageToken = page.nextPageToken;
  if (page.unreachable.length > 0) json.unreachable = page.unreachable;
  return json;
}

/**
 * Google's REST error: the HTTP status paired with the code, and the body
 * `{ error: { code: <http status>, message, status: 'NOT_FOUND', details? } }`.
 */
export function errorEnvelope(types: TypeRegistry, status: Status): { httpStatus: number; body: JsonObject } {
  const httpStatus = httpStatusFromCode(status.code);
  const error: JsonObject = { code: httpStatus, message: status.message, status: codeName(status.code) };
  if (status.details.length > 0) error.details = status.details.map((d) => anyToRestJson(types, d));
  return { httpStatus, body: { error } };
}
