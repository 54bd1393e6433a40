// lro wait NAME NAME… and lro wait --list PARENT: waits on many operations at once, a line per outcome as each ends.
import { Code, RpcError, type ListOperationsRequest, type Operation, type OperationsClient, type WaitTarget } from '../../index.js';
import { isPermanentPollError } from '../../poller/poll-errors.js';
import { formatDuration } from '../duration.js';
import { EXIT, Interrupted } from '../exit-codes.js';
import { note, printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { classifyOutcome, outcomeJson, outcomeLine } from '../outcome-view.js';
import { checkListCall, checkMethodCall, checkNamedCalls } from '../refusals.js';
import { SummaryLine } from '../summary-line.js';
import { WaitTally } from '../wait-tally.js';

/** What to wait on: names from the command line, or what a ListOperations returns. */
export type ManyTargets = { readonly names: readonly string[] } | { readonly list: ListOperationsRequest };

/** How the waits go, from the flags. */
export interface ManyPlan {
  readonly targets: ManyTargets;
  readonly timeoutMs: number | undefined;
  readonly initialDelayMs: number | undefined;
  readonly maxDelayMs: number | undefined;
  readonly cancelOnInterrupt: boolean;
  readonly quiet: boolean;
}

// CancelOperation requests sent at once on an interrupt with --cancel-on-interrupt.
const CANCELS_AT_ONCE = 16;
const CANCEL_TIMEOUT_MS = 10_000;
// Permanent errors that say nothing about one operation but about the service or the credentials: every wait would end so.
const SERVICE_WIDE: ReadonlySet<number> = new Set([Code.UNAUTHENTICATED, Code.UNIMPLEMENTED]);

/**
 * The targets to wait on. Names are passed on as they are, except the first,
 * which is got once: an unreachable endpoint or bad credentials fail the
 * command at once, as for one name, instead of being polled through for
 * ever; its state then saves the first poll. A permanent error for that one
 * name (NOT_FOUND, say) is its outcome, told with the others'.
 */
async function targetsOf(client: OperationsClient, targets: ManyTargets, signal: AbortSignal, deadline: number): Promise<WaitTarget[]> {
  if ('list' in targets) {
    const ops: Operation[] = [];
    for await (const op of client.listOperations(checkListCall(client, targets.list), { signal })) ops.push(op);
    return ops;
  }
  // Checked as client.poller() checks them, before any RPC: a name the service refuses anywhere is refused, with nothing sent.
  checkNamedCalls(client, 'get', targets.names);
  const names: WaitTarget[] = [...targets.names];
  try {
    const timeoutMs = Math.min(Math.max(1, deadline - Date.now()), client.timeoutMs);
    names[0] = await client.getOperation(targets.names[0]!, { signal, timeoutMs });
  } catch (err) {
    // --timeout passed during it: the waits then end at once, each with its timeout.
    const timedOut = err instanceof RpcError && err.code === Code.DEADLINE_EXCEEDED && Date.now() >= deadline;
    if (!timedOut && (!(err instanceof RpcError) || !isPermanentPollError(err) || SERVICE_WIDE.has(err.code))) throw err;
  }
  return names;
}

/** Sends CancelOperation for each name, a few at a time; resolves with how many requests failed. */
async function cancelAll(client: OperationsClient, names: readonly string[]): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      try {
        await client.cancelOperation(name, { timeoutMs: CANCEL_TIMEOUT_MS });
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CANCELS_AT_ONCE, names.length) }, worker));
  return failed;
}

async function onInterrupt(
  ctx: CommandContext,
  client: OperationsClient,
  pending: readonly string[],
  reason: Interrupted,
  cancel: boolean,
): Promise<number> {
  const count = `${pending.length} ${pending.length === 1 ? 'operation' : 'operations'}`;
  if (!cancel) {
    const go = pending.length === 1 ? 'goes' : 'go';
    ctx.io.stderr.write(`lro: interrupted; stopped waiting, ${count} not done ${go} on (--cancel-on-interrupt would cancel them)\n`);
    return reason.exitCode;
  }
  const failed = await cancelAll(client, pending);
  const failures = failed ? `; ${failed} of the requests failed` : '';
  ctx.io.stderr.write(`lro: interrupted; cancel requested for ${count}${failures}\n`);
  return reason.exitCode;
}

/**
 * Waits on every target: one line per outcome on stdout as each ends (an
 * NDJSON object with --format json, its fields with value(...)), the
 * progress on stderr (one live summary line on a terminal), a summary at
 * the end. The exit code is the most definite bad news: see
 * `exitCodeForOutcomes`.
 */
export async function waitMany(ctx: CommandContext, plan: ManyPlan): Promise<number> {
  return withClient(ctx, async (client) => {
    const startedAt = Date.now();
    const signal = ctx.io.interrupt;
    const deadline = plan.timeoutMs === undefined ? Infinity : startedAt + plan.timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    // A cancel that could never be sent is better refused now than found out at Ctrl-C.
    if (plan.cancelOnInterrupt) checkMethodCall(client, 'cancel');
    const targets = await targetsOf(client, plan.targets, signal, deadline);
    if (targets.length === 0) {
      note(ctx, '(no operations)');
      return EXIT.OK;
    }
    const names = targets.map((t) => (typeof t === 'string' ? t : (t as Operation).name));
    const width = names.reduce((w, n) => Math.max(w, n.length), 0);
    const tally = new WaitTally(targets.length);
    const line = plan.quiet ? undefined : new SummaryLine(ctx.io.stderr, tally.progress);
    const ended = new Uint8Array(targets.length);
    const options = {
      signal,
      timeoutMs: deadline === Infinity ? undefined : left(),
      initialDelayMs: plan.initialDelayMs,
      maxDelayMs: plan.maxDelayMs,
    };
    try {
      for await (const outcome of client.watch(targets, options)) {
        ended[outcome.index] = 1;
        const seen = classifyOutcome(outcome);
        tally.add(seen.kind);
        const write = () => {
          if (printsRecords(ctx)) writeRecord(ctx, outcomeJson(client.types, outcome, seen, Date.now() - startedAt));
          else ctx.io.stdout.write(`${outcomeLine(client.types, outcome, seen, width)}\n`);
        };
        if (!line) write();
        else if (tally.done < tally.total) line.update(tally.progress, write);
        else {
          // After the last one, the summary at the end says it all.
          line.stop();
          write();
        }
      }
    } catch (err) {
      line?.stop();
      const reason: unknown = signal.reason;
      if (signal.aborted && reason instanceof Interrupted) {
        const pending = names.filter((_, i) => ended[i] === 0);
        return onInterrupt(ctx, client, [...new Set(pending)], reason, plan.cancelOnInterrupt);
      }
      throw err;
    }
    line?.stop();
    const notDone = tally.count('timeout');
    if (notDone > 0) {
      const go = notDone === 1 ? 'goes' : 'go';
      ctx.io.stderr.write(
        `lro: timed out after ${formatDuration(plan.timeoutMs ?? 0)}: ${notDone} of ${tally.total} not done yet; ${notDone === 1 ? 'it' : 'they'} ${go} on\n`,
      );
    }
    if (!plan.quiet) ctx.io.stderr.write(`${tally.summary} · ${formatDuration(Date.now() - startedAt)}\n`);
    return tally.exitCode;
  });
}
