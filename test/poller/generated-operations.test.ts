// Pollers made from what generated @google-cloud clients hand out: the gax LROperation of a start call and the IOperation in it.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactCenterInsightsClient as InsightsClientType } from '@google-cloud/contact-center-insights';
import type { StorageTransferServiceClient as TransferClientType, protos as transferTypes } from '@google-cloud/storage-transfer';
import type { protos as insightsTypes } from '@google-cloud/contact-center-insights';
import { OperationsClient, services, type OperationMessage } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const require = createRequire(import.meta.url);
const transferProtos = require('@google-cloud/storage-transfer/build/protos/protos.json');
const insightsProtos = require('@google-cloud/contact-center-insights/build/protos/protos.json');
const { StorageTransferServiceClient } = require('@google-cloud/storage-transfer') as {
  StorageTransferServiceClient: typeof TransferClientType;
};
const { ContactCenterInsightsClient } = require('@google-cloud/contact-center-insights') as {
  ContactCenterInsightsClient: typeof InsightsClientType;
};

type IEmpty = transferTypes.google.protobuf.IEmpty;
type ITransferOperation = transferTypes.google.storagetransfer.v1.ITransferOperation;
type IBulkAnalyzeResponse = insightsTypes.google.cloud.contactcenterinsights.v1.IBulkAnalyzeConversationsResponse;
type IBulkAnalyzeMetadata = insightsTypes.google.cloud.contactcenterinsights.v1.IBulkAnalyzeConversationsMetadata;

const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';
const EMPTY = 'type.googleapis.com/google.protobuf.Empty';
const BULK_METADATA = 'type.googleapis.com/google.cloud.contactcenterinsights.v1.BulkAnalyzeConversationsMetadata';
const BULK_RESPONSE = 'type.googleapis.com/google.cloud.contactcenterinsights.v1.BulkAnalyzeConversationsResponse';

/** Options for a generated client that talks plaintext to the emulator's gRPC port, with the grpc-js its own google-gax uses. */
function generatedClientOptions(emulator: Emulator, packageName: string) {
  const gax = createRequire(require.resolve(packageName))('google-gax') as {
    grpc: { credentials: { createInsecure(): unknown } };
  };
  const [apiEndpoint, port] = emulator.grpcEndpoint.split(':') as [string, string];
  // With a project and placeholder credentials of its own, google-auth-library does not probe the metadata server (and warn);
  // over the insecure channel nothing is ever signed or sent with them.
  return {
    apiEndpoint,
    port: Number(port),
    sslCreds: gax.grpc.credentials.createInsecure() as never,
    projectId: 'demo-project',
    credentials: { client_email: 'test@example.com', private_key: 'unused' },
  };
}

describe('a Storage Transfer LROperation from the generated client', () => {
  let emulator: Emulator;
  let transfer: TransferClientType;
  beforeAll(async () => {
    emulator = await emulatorFor(services.storageTransfer, { types: [transferProtos] });
    transfer = new StorageTransferServiceClient(generatedClientOptions(emulator, '@google-cloud/storage-transfer'));
  });
  afterAll(async () => {
    await transfer.close();
    await emulator.close();
  });

  function startTransfer(durationMs = 300) {
    return emulator.create({
      durationMs,
      metadata: ({ done }) => ({
        '@type': TRANSFER_OP,
        projectId: 'demo-project',
        startTime: '2026-11-21T10:00:00.250Z',
        status: done ? 'SUCCESS' : 'IN_PROGRESS',
        counters: { bytesCopiedToSink: '9007199254740993' },
      }),
      response: { '@type': EMPTY },
    });
  }

  for (const transport of TRANSPORTS) {
    it(`is awaited, iterated and typed with the package's I* types, over ${transport}`, async () => {
      using client = clientFor(emulator, transport, { types: transferProtos, poll: { initialDelayMs: 50, maxDelayMs: 100 } });
      const op = startTransfer();
      // What runTransferJob() hands out: gax's Operation, with the raw google.longrunning.Operation in latestResponse.
      const operation = await transfer.checkRunTransferJobProgress(op.name);
      expect(operation.latestResponse.metadata?.value).toBeInstanceOf(Uint8Array);
      const poller = client.poller<IEmpty, ITransferOperation>(operation);
      expect(poller.name).toBe(op.name);
      // Its first snapshot is the state the LROperation carried, decoded.
      expect(poller.latest?.attempt).toBe(0);
      const seen: ITransferOperation[] = [];
      for await (const s of poller) if (s.metadata) seen.push(s.metadata);
      expect(seen.length).toBeGreaterThan(1);
      for (const metadata of seen) {
        expect(metadata.startTime?.seconds).toBe('1795255200');
        expect(metadata.startTime?.nanos).toBe(250_000_000);
        expect(metadata.counters?.bytesCopiedToSink).toBe('9007199254740993');
      }
      expect(seen[0]?.status).toBe('IN_PROGRESS');
      expect(seen.at(-1)?.status).toBe('SUCCESS');
      // The response is google.protobuf.Empty: the wait resolves with undefined.
      expect(await poller).toBeUndefined();
    });
  }

  it('takes the IOperation inside it, and a list of both to wait on', async () => {
    using client = clientFor(emulator, 'grpc', { types: transferProtos, poll: { initialDelayMs: 50, maxDelayMs: 100 } });
    const [a, b, c] = [startTransfer(), startTransfer(), startTransfer()];
    const lro = await transfer.checkRunTransferJobProgress(a.name);
    const raw: OperationMessage = (await transfer.checkRunTransferJobProgress(b.name)).latestResponse;
    const outcomes = await client.waitAll<IEmpty, ITransferOperation>([lro, raw, c.name]);
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      [a.name, 'succeeded'],
      [b.name, 'succeeded'],
      [c.name, 'succeeded'],
    ]);
    expect(outcomes.map((o) => o.snapshot?.metadata?.startTime)).toEqual(Array(3).fill({ seconds: '1795255200', nanos: 250_000_000 }));
  });
});

describe('a Contact Center Insights LROperation from the generated client', () => {
  it('is awaited with the response and metadata its I* types describe', async () => {
    await using emulator = await emulatorFor(services.contactCenterInsights, { types: [insightsProtos] });
    const insights = new ContactCenterInsightsClient(generatedClientOptions(emulator, '@google-cloud/contact-center-insights'));
    try {
      using client = clientFor(emulator, 'rest', { types: insightsProtos, poll: { initialDelayMs: 50, maxDelayMs: 100 } });
      const op = emulator.create({
        name: services.contactCenterInsights.nameForId('bulk-1'),
        durationMs: 200,
        metadata: ({ done }) => ({
          '@type': BULK_METADATA,
          createTime: '2026-11-21T10:00:00Z',
          completedAnalysesCount: done ? 40 : 10,
          totalRequestedAnalysesCount: 40,
        }),
        response: { '@type': BULK_RESPONSE, successfulAnalysisCount: 39, failedAnalysisCount: 1 },
      });
      const operation = await insights.checkBulkAnalyzeConversationsProgress(op.name);
      const poller = client.poller<IBulkAnalyzeResponse, IBulkAnalyzeMetadata>(operation);
      expect(poller.latest?.metadata?.createTime).toEqual({ seconds: '1795255200' });
      expect(await poller).toEqual({ successfulAnalysisCount: 39, failedAnalysisCount: 1 });
      expect(poller.latest?.metadata?.completedAnalysesCount).toBe(40);
    } finally {
      await insights.close();
    }
  });
});

describe('operations in the shapes of generated code', () => {
  let emulator: Emulator;
  let client: OperationsClient;
  beforeAll(async () => {
    emulator = await emulatorFor(services.storageTransfer, { types: [transferProtos] });
    client = clientFor(emulator, 'grpc', { types: transferProtos });
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('reads an IOperation whose fields are null, whose Any is base64 or proto3 JSON', () => {
    const bytes = client.types.pack(TRANSFER_OP, { projectId: 'p', startTime: '2026-01-01T00:00:00Z' }).value!;
    const base64 = btoa(String.fromCharCode(...bytes));
    const forms: OperationMessage[] = [
      { name: 'transferOperations/a', done: null, metadata: { type_url: TRANSFER_OP, value: bytes }, error: null, response: null },
      { name: 'transferOperations/a', metadata: { type_url: TRANSFER_OP, value: base64 } },
      { name: 'transferOperations/a', done: false, metadata: { '@type': TRANSFER_OP, projectId: 'p', startTime: '2026-01-01T00:00:00Z' } },
    ];
    for (const form of forms) {
      const poller = client.poller<IEmpty, ITransferOperation>(form);
      expect(poller.latest).toMatchObject({ done: false, metadata: { projectId: 'p', startTime: { seconds: '1767225600' } } });
      poller.stop();
    }
  });

  it('reads the Status of a failed IOperation, its details decoded', async () => {
    const detail = client.types.pack('google.rpc.ErrorInfo', { reason: 'QUOTA', domain: 'x.test' });
    const poller = client.poller({
      name: 'transferOperations/failed',
      done: true,
      error: { code: 9, message: 'no sink', details: [{ type_url: detail.typeUrl, value: detail.value }] },
    });
    const err = await rejection(poller.result());
    expect(err).toMatchObject({ code: 9, rawMessage: 'no sink', details: [{ '@type': detail.typeUrl, reason: 'QUOTA' }] });
  });

  it('refuses an operation without a name with a TypeError, before any call', async () => {
    emulator.resetCalls();
    const nameless: unknown[] = [
      { done: true },
      { name: null, done: false },
      { name: '', done: false },
      { latestResponse: { done: false }, promise: () => Promise.resolve([]) },
      { latestResponse: { name: '' }, name: '', promise: () => Promise.resolve([]) },
    ];
    for (const target of nameless) {
      expect(() => client.poller(target as OperationMessage)).toThrow(TypeError);
      expect(() => client.poller(target as OperationMessage)).toThrow(/no name/);
      expect(await rejection(client.waitAll([target as OperationMessage]))).toBeInstanceOf(TypeError);
    }
    expect(() => client.poller({ name: 'transferOperations/x', metadata: { type_url: TRANSFER_OP, value: 42 as never } })).toThrow(
      TypeError,
    );
    expect(emulator.calls.total).toBe(0);
  });
});
