// Example operations for `lro serve --seed` and the demo: payloads shaped like each seed service's own.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { TypeRegistry, type JsonObject, type ServiceProfile } from '../index.js';
import type { Emulator, OperationSpec, OperationState, PayloadSpec } from '../testing/index.js';

/** The project the example operations belong to. */
export const EXAMPLE_PROJECT = 'demo-project';

const TRANSFER_OPERATION = 'google.storagetransfer.v1.TransferOperation';
const STRUCT_URL = 'type.googleapis.com/google.protobuf.Struct';

/** A descriptor file and the types read from it. */
export interface TypesDescriptor {
  /** The file's absolute path, as LRO_TYPES takes it. */
  readonly path: string;
  readonly types: TypeRegistry;
}

/**
 * Storage Transfer's message types, from the descriptor that
 * @google-cloud/storage-transfer ships, when that package can be found.
 * It is a development dependency, so it may well be missing: the payloads
 * below then fall back to google.protobuf.Struct of the same shape.
 */
export async function storageTransferDescriptor(): Promise<TypesDescriptor | undefined> {
  try {
    const path = createRequire(import.meta.url).resolve('@google-cloud/storage-transfer/build/protos/protos.json');
    const types = new TypeRegistry(JSON.parse(await readFile(path, 'utf8')));
    return types.has(TRANSFER_OPERATION) ? { path, types } : undefined;
  } catch {
    return undefined;
  }
}

/** The registry of {@link storageTransferDescriptor}, when there is one. */
export async function storageTransferTypes(): Promise<TypeRegistry | undefined> {
  return (await storageTransferDescriptor())?.types;
}

// A payload of a service's own type when the registry has it, else a Struct holding the same fields.
function payload(types: TypeRegistry, typeName: string, fields: JsonObject): PayloadSpec {
  return types.has(typeName) ? { '@type': `type.googleapis.com/${typeName}`, ...fields } : struct(fields);
}

/** A google.protobuf.Struct payload. */
export function struct(fields: JsonObject): PayloadSpec {
  return { '@type': STRUCT_URL, value: fields };
}

/** A transfer as the example payloads describe it. */
export interface TransferPlan {
  readonly name: string;
  readonly jobName: string;
  readonly totalBytes: number;
  readonly totalObjects: number;
  readonly startTime: string;
}

/**
 * A google.storagetransfer.v1.TransferOperation for a transfer `fraction`
 * of the way through, with its status and counters (int64s as strings).
 */
export function transferMetadata(types: TypeRegistry, plan: TransferPlan, fraction: number, status: string): PayloadSpec {
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
  return payload(types, TRANSFER_OPERATION, fields);
}

/** Contact Center Insights' BulkAnalyzeConversationsMetadata, as a Struct (its descriptor is not at hand): analyses done of those asked for. */
export function analysisMetadata(createTime: string, completed: number, total: number): PayloadSpec {
  return struct({
    createTime,
    request: { parent: `projects/${EXAMPLE_PROJECT}/locations/us-central1`, filter: 'agent_id="a-17"', analysisPercentage: 100 },
    completedAnalysesCount: completed,
    failedAnalysesCount: 0,
    totalRequestedAnalysesCount: total,
  });
}

/** The GDC translation service's BatchTranslateDocumentMetadata, as a Struct (its descriptor is not at hand). */
export function translationMetadata(submitTime: string, state: string, translatedPages: number, totalPages: number): PayloadSpec {
  return struct({
    state,
    totalPages,
    translatedPages,
    failedPages: 0,
    submitTime,
  });
}

/** A google.rpc.ErrorInfo detail. */
export function errorInfo(reason: string, domain: string, metadata: Record<string, string>): PayloadSpec {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata };
}

/** A google.rpc.Help detail with one link. */
export function helpLink(description: string, url: string): PayloadSpec {
  return { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description, url }] };
}

/** An operation `lro serve --seed` created. */
export interface SeededOperation {
  readonly name: string;
  /** What it does, for the listing: `running, done in 30s`. */
  readonly summary: string;
}

/** How an example operation ends, for the state names in its metadata. */
type Outcome = 'success' | 'failure' | 'cancel';

const END_STATES: Readonly<Record<string, Readonly<Record<Outcome, string>>>> = {
  'storage-transfer': { success: 'SUCCESS', failure: 'FAILED', cancel: 'ABORTED' },
  default: { success: 'SUCCEEDED', failure: 'FAILED', cancel: 'CANCELLED' },
};

/** The metadata of an example operation of a profile, as a function of its state. */
function exampleMetadata(
  profile: ServiceProfile,
  types: TypeRegistry,
  name: string,
  startTime: string,
  outcome: Outcome,
): (s: OperationState) => PayloadSpec {
  const ends = END_STATES[profile.id] ?? END_STATES.default!;
  switch (profile.id) {
    case 'storage-transfer': {
      const plan: TransferPlan = { name, jobName: 'transferJobs/demo', totalBytes: 3 * 2 ** 30, totalObjects: 1_200, startTime };
      return (s) => transferMetadata(types, plan, s.fraction, s.done ? ends[outcome] : 'IN_PROGRESS');
    }
    case 'contact-center-insights':
      return (s) => analysisMetadata(startTime, Math.floor(400 * s.fraction), 400);
    case 'gdc-translation':
      return (s) => translationMetadata(startTime, s.done ? ends[outcome] : 'RUNNING', Math.floor(120 * s.fraction), 120);
    default:
      return (s) => struct({ state: s.done ? ends[outcome] : 'RUNNING', progressPercent: Math.floor(100 * s.fraction), startTime });
  }
}

function successResponse(profile: ServiceProfile): PayloadSpec {
  switch (profile.id) {
    case 'storage-transfer':
      return { '@type': 'type.googleapis.com/google.protobuf.Empty' };
    case 'contact-center-insights':
      return { '@type': STRUCT_URL, value: { successfulAnalysisCount: 400, failedAnalysisCount: 0 } };
    case 'gdc-translation':
      return { '@type': STRUCT_URL, value: { totalPages: 120, translatedPages: 120, failedPages: 0 } };
    default:
      return { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'all done' };
  }
}

/**
 * Creates example operations in an emulator: one running for 30 s, one for
 * 10 minutes, one that runs until cancelled, one succeeded and one failed
 * with an ErrorInfo and a Help link. Their names use the profile's
 * pattern, e.g. `operations/seed-running`.
 */
export function seedOperations(emulator: Emulator): SeededOperation[] {
  const profile = emulator.profile;
  const types = emulator.types;
  const now = new Date().toISOString();
  const response = successResponse(profile);
  const plans: (OperationSpec & { id: string; summary: string; outcome: Outcome })[] = [
    { id: 'seed-running', durationMs: 30_000, outcome: 'success', summary: 'running, done in 30s' },
    { id: 'seed-slow', durationMs: 600_000, outcome: 'success', summary: 'running, done in 10m' },
    { id: 'seed-forever', durationMs: Infinity, outcome: 'cancel', summary: 'running until cancelled' },
    { id: 'seed-succeeded', durationMs: 0, outcome: 'success', summary: 'done, succeeded' },
    {
      id: 'seed-failed',
      outcome: 'failure',
      durationMs: 0,
      summary: 'done, failed (PERMISSION_DENIED)',
      error: {
        code: 7,
        message: 'the service account cannot read the source',
        details: [
          errorInfo('SOURCE_ACCESS_DENIED', 'example.googleapis.com', { resource: 'demo-source', permission: 'storage.objects.get' }),
          helpLink('Grant the service account access', 'https://cloud.google.com/iam/docs/granting-changing-revoking-access'),
        ],
      },
    },
  ];
  return plans.map(({ id, summary, outcome, ...spec }) => {
    const name = profile.nameForId(id);
    const metadata = exampleMetadata(profile, types, name, now, outcome);
    emulator.create({ ...spec, name, metadata, ...(spec.error ? {} : { response }) });
    return { name, summary };
  });
}
