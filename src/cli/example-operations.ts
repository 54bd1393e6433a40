// Example operations for `lro serve --seed` and the demo, their payloads shaped by the profile (see ServiceProfile.examples).
import { exampleState, type ExampleOutcome } from '../profiles/example-payloads.js';
import type { Emulator, OperationSpec, PayloadSpec } from '../testing/index.js';

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

/**
 * Creates example operations in an emulator: one running for 30 s, one for
 * 10 minutes, one that runs until cancelled, one succeeded and one failed
 * with an ErrorInfo and a Help link. Their names use the profile's
 * pattern, e.g. `operations/seed-running`; their metadata and response
 * are the profile's example payloads.
 */
export function seedOperations(emulator: Emulator): SeededOperation[] {
  const { examples } = emulator.profile;
  const types = emulator.types;
  const startTime = new Date().toISOString();
  const plans: (OperationSpec & { id: string; summary: string; outcome: ExampleOutcome })[] = [
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
    const name = emulator.profile.nameForId(id);
    emulator.create({
      ...spec,
      name,
      metadata: ({ fraction, done }) =>
        examples.metadata({ name, startTime, fraction, done, state: exampleState(examples.states, done, outcome) }, types),
      ...(spec.error ? {} : { response: examples.response }),
    });
    return { name, summary };
  });
}
