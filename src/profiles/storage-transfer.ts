// Storage Transfer: transferOperations/**, a required JSON list filter, at most 256 per page, newest first; no Delete, no Wait.
import { nodeBuiltin } from '../node-builtins.js';
import type { JsonObject } from '../operation.js';
import { TypeRegistry } from '../registry/type-registry.js';
import { EXAMPLE_PROJECT, struct, type ExamplePayload, type TypesDescriptor } from './example-payloads.js';
import { fieldOf, fractionOf, timestampOf } from './metadata-readers.js';
import { defineServiceProfile } from './service-profile.js';
import { parseTransferOperationsFilter, transferOperationsFilter, transferOperationsPredicate } from './transfer-operations-filter.js';

const TRANSFER_OPERATION = 'google.storagetransfer.v1.TransferOperation';

/**
 * Storage Transfer's message types, from the descriptor that
 * @google-cloud/storage-transfer ships, when that package can be found.
 * It is a development dependency, so it may well be missing, and there is
 * no file to read outside Node: the example payloads then fall back to
 * google.protobuf.Struct of the same shape.
 */
export async function storageTransferDescriptor(): Promise<TypesDescriptor | undefined> {
  const fs = nodeBuiltin('node:fs/promises');
  const module = nodeBuiltin('node:module');
  if (!fs || !module) return undefined;
  try {
    const path = module.createRequire(import.meta.url).resolve('@google-cloud/storage-transfer/build/protos/protos.json');
    const types = new TypeRegistry(JSON.parse(await fs.readFile(path, 'utf8')));
    return types.has(TRANSFER_OPERATION) ? { path, types } : undefined;
  } catch {
    return undefined;
  }
}

/** A transfer as the example payloads describe it. */
export interface TransferPlan {
  /** The operation's name, `transferOperations/...`. */
  readonly name: string;
  /** The job it runs for, `transferJobs/...`. */
  readonly jobName: string;
  /** The bytes to copy. */
  readonly totalBytes: number;
  /** The objects to copy. */
  readonly totalObjects: number;
  /** When it started, as an RFC 3339 timestamp. */
  readonly startTime: string;
}

/**
 * A google.storagetransfer.v1.TransferOperation for a transfer `fraction`
 * of the way through, with its status and counters (int64s as strings); a
 * google.protobuf.Struct of the same fields where `types` lacks that message.
 */
export function transferMetadata(types: TypeRegistry, plan: TransferPlan, fraction: number, status: string): ExamplePayload {
  const copiedObjects = Math.floor(plan.totalObjects * fraction);
  const fields: JsonObject = {
    name: plan.name,
    projectId: EXAMPLE_PROJECT,
    transferJobName: plan.jobName,
    transferSpec: { gcsDataSource: { bucketName: 'demo-source' }, gcsDataSink: { bucketName: 'demo-sink' } },
    startTime: plan.startTime,
    status,
    counters: {
      objectsFoundFromSource: String(plan.totalObjects),
      bytesFoundFromSource: String(plan.totalBytes),
      objectsCopiedToSink: String(copiedObjects),
      bytesCopiedToSink: String(Math.floor(plan.totalBytes * fraction)),
    },
  };
  return types.has(TRANSFER_OPERATION) ? { '@type': `type.googleapis.com/${TRANSFER_OPERATION}`, ...fields } : struct(fields);
}

/**
 * A TransferOperation's progress: bytes copied to the sink of the bytes
 * found at the source (int64 counters, decimal strings in both decoded forms);
 * undefined before any bytes are found.
 */
export function transferProgress(metadata: unknown): number | undefined {
  const counters = fieldOf(metadata, 'counters');
  return fractionOf(fieldOf(counters, 'bytesCopiedToSink'), fieldOf(counters, 'bytesFoundFromSource'));
}

/** Storage Transfer's operations, as google.storagetransfer.v1 binds them. */
export const storageTransferProfile = defineServiceProfile({
  id: 'storage-transfer',
  title: 'Storage Transfer',
  methods: {
    get: { http: 'GET /v1/{name=transferOperations/**}' },
    list: { http: 'GET /v1/{name=transferOperations}' },
    cancel: { http: 'POST /v1/{name=transferOperations/**}:cancel' },
  },
  list: {
    maxPageSize: 256,
    filterRequired: true,
    validateFilter: (filter) => void parseTransferOperationsFilter(filter),
    order: 'newest-first',
    compileFilter: transferOperationsPredicate,
  },
  nameForId: (id) => `transferOperations/transferJobs-${id}`,
  // Its list filter takes operationNames, with the projectId it requires: read from each operation's TransferOperation metadata.
  batchGet: {
    maxNames: 256,
    keyOf: (_name, metadata) => {
      const projectId = fieldOf(metadata, 'projectId');
      return typeof projectId === 'string' && projectId !== '' ? projectId : undefined;
    },
    request: (projectId, operationNames) => ({
      name: 'transferOperations',
      filter: transferOperationsFilter({ projectId, operationNames: [...operationNames] }),
    }),
  },
  progress: transferProgress,
  startTime: (metadata) => timestampOf(fieldOf(metadata, 'startTime')),
  examples: {
    metadata: ({ name, startTime, fraction, state }, types) =>
      transferMetadata(
        types,
        { name, jobName: 'transferJobs/demo', totalBytes: 3 * 2 ** 30, totalObjects: 1_200, startTime },
        fraction,
        state,
      ),
    response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
    states: { running: 'IN_PROGRESS', success: 'SUCCESS', failure: 'FAILED', cancel: 'ABORTED' },
    descriptor: storageTransferDescriptor,
  },
  help: {
    summary: 'Storage Transfer: transferOperations/**; Get, List, Cancel',
    list: `requires its JSON filter, with a projectId: '{"projectId":"p","transferStatuses":["IN_PROGRESS"]}'; at most 256 per page, newest first`,
    exampleFilter: `{"projectId":"${EXAMPLE_PROJECT}","transferStatuses":["IN_PROGRESS"]}`,
  },
});
