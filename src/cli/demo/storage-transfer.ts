// Demo, Storage Transfer over gRPC: a JSON-filtered list, then a `for await` wait while the transfer's counters grow.
import {
  OperationsClient,
  services,
  transferOperationsFilter,
  TypeRegistry,
  type Operation,
  type Snapshot,
  type TransferOperationsFilter,
} from '../../index.js';
import { startEmulator, type EmulatorCalls } from '../../testing/index.js';
import { formatDuration } from '../duration.js';
import { EXAMPLE_PROJECT } from '../../profiles/example-payloads.js';
import { transferMetadata, type TransferPlan } from '../../profiles/storage-transfer.js';
import { errorInfo } from '../example-operations.js';
import { operationTable } from '../operation-view.js';
import { describeProgress, progressOf } from '../progress.js';
import type { Narrator } from './narrator.js';

const GiB = 2 ** 30;
const PROFILE = services.storageTransfer;
const STATES = PROFILE.examples.states;

/** Runs the Storage Transfer part. */
export async function storageTransferSection(n: Narrator, signal: AbortSignal): Promise<EmulatorCalls> {
  const transferTypes = (await PROFILE.examples.descriptor())?.types;
  const types = transferTypes ?? new TypeRegistry();
  await using emulator = await startEmulator({ profile: PROFILE, types });
  await using client = new OperationsClient({
    endpoint: emulator.grpcEndpoint,
    transport: 'grpc',
    insecure: true,
    service: PROFILE,
    types,
    // The demo prints what it decodes as proto3 JSON, as every lro command does.
    poll: { initialDelayMs: 200, maxDelayMs: 400, signal, format: 'json' },
  });
  n.heading(`1. Storage Transfer · gRPC ${emulator.grpcEndpoint}`);
  n.say(
    transferTypes
      ? 'Metadata: google.storagetransfer.v1.TransferOperation, decoded with the descriptor of @google-cloud/storage-transfer.'
      : 'Metadata: @google-cloud/storage-transfer is not installed, so TransferOperation fields travel in a google.protobuf.Struct.',
  );

  const startTime = new Date().toISOString();
  const transfer = (id: string, jobName: string, totalBytes: number, totalObjects: number): TransferPlan => ({
    name: PROFILE.nameForId(id),
    jobName,
    totalBytes,
    totalObjects,
    startTime,
  });
  const finished = [
    { plan: transfer('nightly-1', 'transferJobs/nightly', 2 * GiB, 800), status: STATES.success },
    { plan: transfer('weekly-1', 'transferJobs/weekly', 9 * GiB, 5_000), status: STATES.success },
    { plan: transfer('nightly-2', 'transferJobs/nightly', 2.5 * GiB, 950), status: STATES.failure },
  ];
  for (const { plan, status } of finished) {
    const failed = status === STATES.failure;
    emulator.create({
      name: plan.name,
      jobName: plan.jobName,
      metadata: transferMetadata(types, plan, failed ? 0.4 : 1, status),
      ...(failed
        ? {
            error: {
              code: 9,
              message: 'the sink bucket was deleted during the transfer',
              details: [errorInfo('SINK_BUCKET_NOT_FOUND', 'storagetransfer.googleapis.com', { bucket: 'demo-sink' })],
            },
          }
        : { response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } }),
    });
  }
  emulator.create({
    name: PROFILE.nameForId('elsewhere-1'),
    projectId: 'other-project',
    response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
  });
  const running = transfer('nightly-3', 'transferJobs/nightly', 3 * GiB, 1_200);
  emulator.create({
    name: running.name,
    jobName: running.jobName,
    durationMs: 2_500,
    metadata: (s) => transferMetadata(types, running, s.fraction, s.done ? STATES.success : STATES.running),
    response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
  });
  n.say(`Created 5 transfer operations: 4 in ${EXAMPLE_PROJECT} (jobs nightly and weekly), 1 in other-project.`);

  const list = async (filter: TransferOperationsFilter, pageSize?: number) => {
    const text = transferOperationsFilter(filter);
    const before = emulator.calls.byMethod.list;
    const rows: Operation[] = [];
    for await (const op of client.listOperations({ filter: text, pageSize }, { signal })) rows.push(op);
    const pages = emulator.calls.byMethod.list - before;
    n.detail(
      `filter ${text}${pageSize ? `, page size ${pageSize}` : ''}: ${rows.length} operation${rows.length === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}, newest first`,
    );
    n.detail(rows.length ? operationTable(client.types, rows, { header: false }) : ['(none)'], '      ');
    return rows.length;
  };
  n.say('ListOperations needs a JSON filter with a projectId; transferOperationsFilter() builds and checks it:');
  await list({ projectId: EXAMPLE_PROJECT, transferStatuses: ['in_progress'] });
  const nightly = await list({ projectId: EXAMPLE_PROJECT, jobNames: ['transferJobs/nightly'] }, 2);
  n.check(nightly === 3, `the nightly job should list 3 operations, got ${nightly}`);

  n.say(`Waiting on ${running.name}: for await (const snapshot of client.poller(name))`);
  const line = n.progress(running.name);
  const poller = client.poller(running.name);
  let last: Snapshot | undefined;
  try {
    for await (const snapshot of poller) {
      line.update({ progress: progressOf(snapshot.metadata), polls: snapshot.attempt });
      last = snapshot;
    }
  } finally {
    line.stop();
  }
  n.check(last && last.done && !last.error, 'the transfer should finish with success');
  const progress = describeProgress(progressOf(last.metadata));
  n.detail(`done after ${formatDuration(last.elapsedMs)} and ${last.attempt} polls: ${progress}; response google.protobuf.Empty`);
  return emulator.calls;
}
