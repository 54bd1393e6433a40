// The operations a scenario asks the emulator for, as plain data that crosses a thread boundary, and the specs they make.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { JsonObject } from '../src/index.js';
import type { OperationSpec, PayloadSpec } from '../src/testing/index.js';

/**
 * What the operations of one request are like. Functions cannot be posted
 * to a worker, so a scenario names a recipe and the emulator's thread turns
 * it into OperationSpecs.
 *
 * - `duration`: operation i of the request ends with a google.protobuf.Duration
 *   of i seconds, so that each wait can check it got its own answer.
 * - `transfer`: a Storage Transfer operation of `projectId`, its
 *   TransferOperation metadata read afresh on every poll; with `progress`,
 *   bytesCopiedToSink grows steadily from 0 to bytesFoundFromSource over
 *   its duration. It ends with a Duration of i seconds too.
 * - `listed`: a Storage Transfer operation that only sits in a list:
 *   one TransferOperation packed once and shared by every operation.
 */
export type OperationRecipe =
  | { readonly kind: 'duration' }
  | { readonly kind: 'transfer'; readonly projectId: string; readonly progress: boolean }
  | { readonly kind: 'listed'; readonly projectId: string };

/** The type URL of Storage Transfer's operation metadata. */
export const TRANSFER_OPERATION_URL = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';

/** The bytes each bench transfer copies: 3 GiB. */
const TRANSFER_BYTES = 3 * 2 ** 30;
const TRANSFER_OBJECTS = 1_200;

let transferTypes: JsonObject | undefined;

/** Storage Transfer's descriptor (protos.json of @google-cloud/storage-transfer, a development dependency). */
export function storageTransferTypes(): JsonObject {
  if (transferTypes) return transferTypes;
  const path = createRequire(import.meta.url).resolve('@google-cloud/storage-transfer/build/protos/protos.json');
  return (transferTypes = JSON.parse(readFileSync(path, 'utf8')) as JsonObject);
}

/** The response of operation `i` of a request: a Duration of i seconds. */
function durationResponse(i: number): PayloadSpec {
  return { '@type': 'type.googleapis.com/google.protobuf.Duration', value: `${i}s` };
}

/** TransferOperation metadata `fraction` of the way through, int64 counters as strings. */
export function transferMetadata(name: string, projectId: string, fraction: number, done: boolean): PayloadSpec {
  return {
    '@type': TRANSFER_OPERATION_URL,
    name,
    projectId,
    transferJobName: 'transferJobs/bench',
    status: done ? 'SUCCESS' : 'IN_PROGRESS',
    counters: {
      objectsFoundFromSource: String(TRANSFER_OBJECTS),
      bytesFoundFromSource: String(TRANSFER_BYTES),
      objectsCopiedToSink: String(Math.floor(TRANSFER_OBJECTS * fraction)),
      bytesCopiedToSink: String(Math.floor(TRANSFER_BYTES * fraction)),
    },
  };
}

/**
 * The spec of operation `i` of a request, running `durationMs` (Infinity:
 * until completed). `name` is needed by the transfer recipes, whose metadata
 * names the operation; `shared` is the one packed payload of `listed`.
 */
export function specFor(recipe: OperationRecipe, i: number, durationMs: number, name: string, shared?: PayloadSpec): OperationSpec {
  switch (recipe.kind) {
    case 'duration':
      return { durationMs, response: durationResponse(i) };
    case 'transfer': {
      const { projectId, progress } = recipe;
      return {
        name,
        durationMs,
        projectId,
        jobName: 'transferJobs/bench',
        metadata: ({ fraction, done }) => transferMetadata(name, projectId, progress ? fraction : 0, done),
        response: durationResponse(i),
      };
    }
    case 'listed':
      return { name, durationMs, projectId: recipe.projectId, jobName: 'transferJobs/bench', metadata: shared };
  }
}
