// Demo, Contact Center Insights over REST: a bulk analysis watched through events and cancelled midway.
import { OperationCancelledError, OperationsClient, services, type Snapshot } from '../../index.js';
import { startEmulator, type EmulatorCalls } from '../../testing/index.js';
import { analysisMetadata } from '../../profiles/contact-center-insights.js';
import { EXAMPLE_PROJECT } from '../../profiles/example-payloads.js';
import { statusLine } from '../operation-view.js';
import { describeProgress, progressOf } from '../progress.js';
import type { Narrator } from './narrator.js';

const TOTAL_ANALYSES = 500;

type Outcome = { readonly kind: 'done'; readonly snapshot: Snapshot } | { readonly kind: 'error'; readonly error: unknown };

/** Runs the Contact Center Insights part. */
export async function contactCenterSection(n: Narrator, signal: AbortSignal): Promise<EmulatorCalls> {
  await using emulator = await startEmulator({ profile: services.contactCenterInsights });
  await using client = new OperationsClient({
    endpoint: emulator.restEndpoint,
    transport: 'rest',
    insecure: true,
    service: services.contactCenterInsights,
    // The demo prints what it decodes as proto3 JSON, as every lro command does.
    poll: { initialDelayMs: 250, maxDelayMs: 500, signal, format: 'json' },
  });
  n.heading(`2. Contact Center Insights · REST ${emulator.restEndpoint}`);
  const createTime = new Date().toISOString();
  // It runs until cancelled; the count grows with time, so every poll brings new metadata.
  const op = emulator.create({
    name: services.contactCenterInsights.nameForId('bulk-analyze-7'),
    durationMs: Infinity,
    metadata: (s) => analysisMetadata(createTime, Math.min(TOTAL_ANALYSES - 1, Math.floor(s.elapsedMs / 4)), TOTAL_ANALYSES),
  });
  n.say(`Started a bulk analysis of ${TOTAL_ANALYSES} conversations in projects/${EXAMPLE_PROJECT}/locations/us-central1.`);
  n.say("Waiting with events: poller.on('progress' | 'done' | 'error'); after two progress events, poller.cancel()");

  const poller = client.poller(op.name);
  let progressEvents = 0;
  const outcome = await new Promise<Outcome>((resolve) => {
    poller.on('progress', (snapshot) => {
      if (snapshot.done) return;
      progressEvents++;
      n.detail(`'progress'  ${describeProgress(progressOf(snapshot.metadata))}  (poll ${snapshot.attempt})`);
      if (progressEvents === 2) {
        n.detail('poller.cancel(): CancelOperation sent; polling goes on until the service reports the end');
        poller.cancel({ signal }).catch((error: unknown) => resolve({ kind: 'error', error }));
      }
    });
    poller.on('done', (_response, snapshot) => resolve({ kind: 'done', snapshot }));
    poller.on('error', (error) => resolve({ kind: 'error', error }));
  });
  n.check(outcome.kind === 'error', 'the analysis should end with an error event, not done');
  const { error } = outcome;
  n.check(error instanceof OperationCancelledError, `the error should be an OperationCancelledError, got ${String(error)}`);
  n.detail(`'error'     ${error.name}, code ${error.code} (${error.codeName}): ${error.rawMessage}`);
  n.detail(`the operation: ${statusLine(error.operation.error ?? { code: error.code, message: error.rawMessage })}`);
  n.check(error.code === 1, 'a cancelled operation ends with code 1');
  return emulator.calls;
}
