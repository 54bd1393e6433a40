// Listing many Storage Transfer operations a page at a time: operations per second, ours against google-gax's listOperationsAsync.
import { OperationsClient, services, transferOperationsFilter, type ListOperationsRequest, type Operation } from '../src/index.js';
import type { EmulatorThread } from './emulator-thread.js';
import { gaxPolling } from './gax-waiter.js';
import { storageTransferTypes } from './operation-recipes.js';

/** One way of listing, as measured (the median of its rounds). */
export interface ListSide {
  readonly label: string;
  /** Operations the loop received: must be all of them. */
  readonly listed: number;
  readonly pages: number;
  readonly ms: number;
  readonly operationsPerSecond: number;
}

export interface ListResult {
  readonly operations: number;
  readonly pageSize: number;
  readonly rounds: number;
  /** `for await (const op of client.listOperations(...))`. */
  readonly ours: ListSide;
  /**
   * The same loop over pages fetched one ahead with `client.listOperationsPage`:
   * what prefetching inside listOperations would give.
   */
  readonly oursPrefetch: ListSide;
  /** `for await (const op of gaxClient.listOperationsAsync(...))`. */
  readonly gax: ListSide;
  readonly figures: Readonly<Record<string, number>>;
}

export interface ListOptions {
  readonly operations: number;
  readonly pageSize: number;
  /** How many times each side lists everything; the median is reported. */
  readonly rounds: number;
}

const PROJECT = 'bench-project';

/** Every operation, the next page asked for while the loop works through this one. */
async function* prefetching(client: OperationsClient, request: ListOperationsRequest): AsyncGenerator<Operation, void, undefined> {
  let next = client.listOperationsPage({ ...request, pageToken: '' });
  for (;;) {
    const page = await next;
    if (page.nextPageToken) next = client.listOperationsPage({ ...request, pageToken: page.nextPageToken });
    yield* page.operations;
    if (!page.nextPageToken) return;
  }
}

async function timeLoop(label: string, pageSize: number, operations: AsyncIterable<unknown>): Promise<ListSide> {
  const began = performance.now();
  let listed = 0;
  for await (const _ of operations) listed++;
  const ms = performance.now() - began;
  return { label, listed, pages: Math.ceil(listed / pageSize), ms, operationsPerSecond: (listed * 1000) / ms };
}

/**
 * Creates N running Storage Transfer operations of one project (each with
 * the same TransferOperation metadata) on an emulator of `thread`, then lists
 * them all with the required filter at `pageSize`: ours, ours prefetching,
 * gax. Each client first lists one page, so no figure pays for connecting.
 */
export async function runList(thread: EmulatorThread, o: ListOptions): Promise<ListResult> {
  const emulator = await thread.start('storage-transfer');
  const client = new OperationsClient({
    endpoint: emulator.grpcEndpoint,
    insecure: true,
    service: services.storageTransfer,
    types: [storageTransferTypes()],
  });
  const gax = gaxPolling(emulator.grpcEndpoint);
  try {
    await emulator.create({ kind: 'listed', projectId: PROJECT }, new Array<number>(o.operations).fill(Infinity));
    const request = { name: 'transferOperations', filter: transferOperationsFilter({ projectId: PROJECT }), pageSize: o.pageSize };
    await client.listOperationsPage(request);
    // gax's request type is its protobufjs message class; a plain object of its fields is what it reads.
    const gaxRequest = request as unknown as Parameters<typeof gax.client.listOperations>[0];
    await gax.client.listOperations(gaxRequest, { autoPaginate: false });
    // Rounds in turn, each side once per round in a rotating order; the median round stands for each side.
    const sides: Record<'ours' | 'oursPrefetch' | 'gax', () => Promise<ListSide>> = {
      ours: () => timeLoop('ours, listOperations', o.pageSize, client.listOperations(request)),
      oursPrefetch: () => timeLoop('ours, one page ahead (bench-side)', o.pageSize, prefetching(client, request)),
      gax: () =>
        timeLoop('google-gax, listOperationsAsync', o.pageSize, gax.client.listOperationsAsync(gaxRequest, { autoPaginate: false })),
    };
    const keys = Object.keys(sides) as (keyof typeof sides)[];
    const rounds: Record<keyof typeof sides, ListSide[]> = { ours: [], oursPrefetch: [], gax: [] };
    for (let r = 0; r < o.rounds; r++) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[(i + r) % keys.length]!;
        rounds[key].push(await sides[key]());
      }
    }
    const medianOf = (runs: ListSide[]) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)]!;
    const ours = medianOf(rounds.ours);
    const oursPrefetch = medianOf(rounds.oursPrefetch);
    const theirs = medianOf(rounds.gax);
    const figures: Record<string, number> = {
      'ours.operationsPerSecond': ours.operationsPerSecond,
      'ours.ms': ours.ms,
      'oursPrefetch.operationsPerSecond': oursPrefetch.operationsPerSecond,
      'oursPrefetch.ms': oursPrefetch.ms,
      'gax.operationsPerSecond': theirs.operationsPerSecond,
      'gax.ms': theirs.ms,
      operationsPerSecondOursOverGax: ours.operationsPerSecond / theirs.operationsPerSecond,
      operationsPerSecondPrefetchOverOurs: oursPrefetch.operationsPerSecond / ours.operationsPerSecond,
      listedEverything: Object.values(rounds).every((runs) => runs.every((s) => s.listed === o.operations)) ? 1 : 0,
    };
    return { operations: o.operations, pageSize: o.pageSize, rounds: o.rounds, ours, oursPrefetch, gax: theirs, figures };
  } finally {
    client.close();
    gax.close();
    await emulator.stop();
  }
}
