// Type-checked, never run (test/types/types.test.ts compiles it; so does `npm run typecheck`): the package's types
// against the real ones of @google-cloud/storage-transfer and @google-cloud/contact-center-insights. The line after
// each expect-error directive must be an error, or the compilation fails. test/poller/generated-operations.test.ts
// checks the same values at run time, against the emulator.
import type { ContactCenterInsightsClient, protos as insights } from '@google-cloud/contact-center-insights';
import type { StorageTransferServiceClient, protos as transfer } from '@google-cloud/storage-transfer';
import type { OperationsClient, Poller, Snapshot, WaitOutcome } from '../../src/index.js';

type IEmpty = transfer.google.protobuf.IEmpty;
type ITimestamp = transfer.google.protobuf.ITimestamp;
type ITransferOperation = transfer.google.storagetransfer.v1.ITransferOperation;
type IBulkAnalyzeResponse = insights.google.cloud.contactcenterinsights.v1.IBulkAnalyzeConversationsResponse;
type IBulkAnalyzeMetadata = insights.google.cloud.contactcenterinsights.v1.IBulkAnalyzeConversationsMetadata;

/** True when A and B are the same type, not merely assignable one to the other. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function storageTransfer(client: OperationsClient, transferClient: StorageTransferServiceClient): Promise<void> {
  // A start call gives gax's LROperation and the raw google.longrunning.IOperation.
  const [operation, raw] = await transferClient.runTransferJob({ jobName: 'transferJobs/1', projectId: 'p' });
  const poller = client.poller<IEmpty, ITransferOperation>(operation);
  const typed: Equal<typeof poller, Poller<IEmpty, ITransferOperation>> = true;
  if (raw) client.poller<IEmpty, ITransferOperation>(raw);
  client.poller<IEmpty, ITransferOperation>(operation.latestResponse);
  // check...Progress types its LROperation with the generated classes, which implement the I* interfaces.
  client.poller<IEmpty, ITransferOperation>(await transferClient.checkRunTransferJobProgress('transferOperations/x'));

  for await (const snapshot of poller) {
    const same: Equal<typeof snapshot, Snapshot<IEmpty, ITransferOperation>> = true;
    const seconds: ITimestamp['seconds'] | undefined = snapshot.metadata?.startTime?.seconds;
    const nanos: number | null | undefined = snapshot.metadata?.startTime?.nanos;
    // @ts-expect-error a Timestamp is an ITimestamp, not the RFC 3339 string of format: 'json'
    const rfc3339: string | null | undefined = snapshot.metadata?.startTime;
    // @ts-expect-error an int64 may be a string (it is one here): no number arithmetic on it unchecked
    const bytes: number | null | undefined = snapshot.metadata?.counters?.bytesCopiedToSink;
    // @ts-expect-error the status is one of the enum's names (or numbers), and FINISHED is none of them
    if (snapshot.metadata?.status === 'FINISHED') break;
    if (snapshot.metadata?.status === 'SUCCESS') console.log(typed, same, seconds, nanos, rfc3339, bytes);
  }
  const response: IEmpty | undefined = await poller;

  const outcomes = await client.waitAll<IEmpty, ITransferOperation>([operation, operation.latestResponse, 'transferOperations/y']);
  const outcome: WaitOutcome<IEmpty, ITransferOperation> | undefined = outcomes[0];
  console.log(response, outcome?.snapshot?.metadata?.endTime?.seconds);

  // @ts-expect-error the LROperation's own metadata type must fit the one named: ITransferOperation's status is no plain number
  client.poller<IEmpty, { status: number }>(operation);
  // @ts-expect-error not an operation, a name or a token
  client.poller(42);
  // @ts-expect-error an IOperation's metadata is an Any, not a string
  client.poller({ name: 'transferOperations/z', metadata: 'IN_PROGRESS' });
}

export async function contactCenterInsights(client: OperationsClient, insightsClient: ContactCenterInsightsClient): Promise<void> {
  const [operation] = await insightsClient.bulkAnalyzeConversations({ parent: 'projects/p/locations/l', analysisPercentage: 10 });
  const poller = client.poller<IBulkAnalyzeResponse, IBulkAnalyzeMetadata>(operation);
  for await (const outcome of client.watch<IBulkAnalyzeResponse, IBulkAnalyzeMetadata>([operation])) {
    console.log(outcome.snapshot?.metadata?.endTime?.nanos);
  }
  const snapshot = poller.latest;
  const created: ITimestamp['seconds'] | undefined = snapshot?.metadata?.createTime?.seconds;
  const done: number | null | undefined = snapshot?.metadata?.completedAnalysesCount;
  const response = await poller;
  const succeeded: number | null | undefined = response?.successfulAnalysisCount;
  // @ts-expect-error createTime is an ITimestamp
  const rfc3339: string | null | undefined = snapshot?.metadata?.createTime;
  console.log(created, done, succeeded, rfc3339);
}
