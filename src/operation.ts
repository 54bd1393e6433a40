// The one Operation shape that both transports produce and everything above them reads.

/** A JSON object, as REST carries it. */
export type JsonObject = { [key: string]: JsonValue };
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * A google.protobuf.Any as it came off the wire. Over gRPC it holds the
 * encoded bytes in `value`; over REST it holds the JSON object in `json`
 * (the fields of the packed message, with `@type` removed). A
 * {@link TypeRegistry} turns either form into the same decoded object.
 */
export type AnyValue =
  | {
      /** The type URL, e.g. `type.googleapis.com/google.protobuf.Struct`. */
      readonly typeUrl: string;
      /** The packed message's bytes, as gRPC carries them. */
      readonly value: Uint8Array;
      /** Absent in the binary form. */
      readonly json?: undefined;
    }
  | {
      /** The type URL, from the JSON's `@type`. */
      readonly typeUrl: string;
      /** The message's proto3 JSON fields, as REST carries them, without `@type`. */
      readonly json: JsonObject;
      /** Absent in the JSON form. */
      readonly value?: undefined;
    };

/** A google.rpc.Status: a code, a developer-facing message, and detail payloads. */
export interface Status {
  /** The google.rpc code (see {@link Code}). */
  readonly code: number;
  /** The message, in English, as the service wrote it. */
  readonly message: string;
  /** Detail payloads (ErrorInfo, RetryInfo, BadRequest, …), still packed. */
  readonly details: readonly AnyValue[];
}

/**
 * A google.longrunning.Operation, the same over gRPC and REST.
 *
 * While `done` is false neither `error` nor `response` is set. When done, at
 * most one of them is: a service may finish without a result.
 */
export interface Operation {
  /** The server-assigned name, e.g. `transferOperations/transferJobs-1-2`. */
  readonly name: string;
  /** True once the operation has finished, well or badly. */
  readonly done: boolean;
  /** Service-specific progress information, if the service provides it. */
  readonly metadata?: AnyValue;
  /** Why the operation failed or was cancelled (code 1, CANCELLED). */
  readonly error?: Status;
  /** The result of a successful operation. */
  readonly response?: AnyValue;
}

/** One page of ListOperations. */
export interface OperationsPage {
  /** The operations on this page, in the order the service gave them. */
  readonly operations: readonly Operation[];
  /** The token for the next page; empty on the last page. */
  readonly nextPageToken: string;
  /** Resources the service could not reach, with `returnPartialSuccess`. */
  readonly unreachable: readonly string[];
}

/** The prefix of every type URL that Google services emit. */
export const TYPE_URL_PREFIX = 'type.googleapis.com/';

/** The full message name behind a type URL: the part after the last `/`. */
export function typeNameFromUrl(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}
