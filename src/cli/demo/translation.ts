// Demo, the GDC translation service (Get and List only): list, await a poller, a failure's details, a wait resumed from a token.
import { OperationError, OperationsClient, RpcError, services, type JsonObject, type Operation } from '../../index.js';
import { startEmulator, type EmulatorCalls } from '../../testing/index.js';
import { EXAMPLE_PROJECT, struct } from '../../profiles/example-payloads.js';
import { translationMetadata } from '../../profiles/gdc-translation.js';
import { errorInfo, helpLink } from '../example-operations.js';
import { operationTable, renderDetails, renderValue, statusLine } from '../operation-view.js';
import type { Narrator } from './narrator.js';

const PROFILE = services.gdcTranslation;
const LOCATION = `projects/${EXAMPLE_PROJECT}/locations/zone1`;
const STATES = PROFILE.examples.states;

/** Runs the GDC translation part. */
export async function translationSection(n: Narrator, signal: AbortSignal): Promise<EmulatorCalls> {
  await using emulator = await startEmulator({ profile: PROFILE });
  // The demo prints what it decodes as proto3 JSON, as every lro command does.
  const poll = { initialDelayMs: 200, maxDelayMs: 400, signal, format: 'json' } as const;
  await using grpc = new OperationsClient({ endpoint: emulator.grpcEndpoint, transport: 'grpc', insecure: true, service: PROFILE, poll });
  await using rest = new OperationsClient({ endpoint: emulator.restEndpoint, transport: 'rest', insecure: true, service: PROFILE, poll });
  n.heading(`3. GDC Translation · gRPC ${emulator.grpcEndpoint} and REST ${emulator.restEndpoint}`);

  const submitTime = new Date().toISOString();
  const translation = (id: string, durationMs: number, pages: number) =>
    emulator.create({
      name: PROFILE.nameForId(id),
      durationMs,
      metadata: (s) => translationMetadata(submitTime, s.done ? STATES.success : STATES.running, Math.floor(pages * s.fraction), pages),
      response: struct({ totalPages: pages, translatedPages: pages, failedPages: 0, submitTime }),
    });
  translation('translate-manuals', 0, 40);
  const docs = translation('translate-contracts', 1_200, 120);
  const glossary = emulator.create({
    name: PROFILE.nameForId('translate-glossary'),
    metadata: translationMetadata(submitTime, STATES.failure, 0, 60),
    error: {
      code: 9,
      message: 'glossary projects/demo-project/locations/zone1/glossaries/legal is not ready',
      details: [
        errorInfo('GLOSSARY_NOT_READY', 'translation.gdc.goog', { glossary: 'legal', state: 'CREATING' }),
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'de-DE', message: 'Das Glossar ist noch nicht bereit.' },
        helpLink('Glossaries in GDC', 'https://cloud.google.com/distributed-cloud/hosted/docs/latest/gdch/application/ao-user/translation'),
      ],
    },
  });
  const batch = translation('translate-batch-9', 800, 30);

  n.say(`ListOperations ${LOCATION} over REST:`);
  const rows: Operation[] = [];
  for await (const op of rest.listOperations({ name: LOCATION }, { signal })) rows.push(op);
  n.detail(operationTable(rest.types, rows, { header: false }));
  n.check(rows.length === 4, `the location should list 4 operations, got ${rows.length}`);
  try {
    await grpc.cancelOperation(docs.name, { signal });
    n.check(false, 'CancelOperation should be refused: the service has Get and List only');
  } catch (err) {
    n.check(err instanceof RpcError && err.code === 12, `CancelOperation should fail UNIMPLEMENTED, got ${String(err)}`);
    n.say(`CancelOperation is refused before any call: ${err.codeName}: ${err.rawMessage}`);
  }

  n.say(`const response = await grpc.poller('${docs.name}'):`);
  const response = await grpc.poller<JsonObject>(docs.name);
  n.check(response !== undefined, 'the translation should have a response');
  n.detail(['response: google.protobuf.Struct', ...renderValue(response, '  ')]);

  n.say(`await grpc.poller('${glossary.name}'), a failed operation:`);
  try {
    await grpc.poller(glossary.name);
    n.check(false, 'the glossary operation should fail');
  } catch (err) {
    n.check(err instanceof OperationError, `the failure should be an OperationError, got ${String(err)}`);
    n.check(err.findDetail('google.rpc.ErrorInfo')?.reason === 'GLOSSARY_NOT_READY', 'the ErrorInfo detail should be decoded');
    n.detail([`${err.name}: ${statusLine({ code: err.code, message: err.rawMessage })}`, ...renderDetails(err.details, '  ')]);
  }

  const token = JSON.stringify(rest.poller(batch.name));
  n.say('Resuming a wait elsewhere: const token = JSON.stringify(poller), then client.poller(token) in another client:');
  n.detail(`token ${token}`);
  const resumed = await grpc.poller<JsonObject>(token);
  n.check(resumed?.translatedPages === 30, 'the resumed wait should give the batch translation response');
  n.detail(`resumed over gRPC from a REST poller's token: ${resumed.translatedPages} of ${resumed.totalPages} pages translated`);
  return emulator.calls;
}
