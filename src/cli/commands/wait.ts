// lro wait NAME: polls until the operation is done, progress on stderr, the result on stdout; more names go to wait-many.ts.
import {
  Code,
  OperationCancelledError,
  OperationError,
  PollTimeoutError,
  RpcError,
  UnpackError,
  type JsonObject,
  type Operation,
  type OperationsClient,
  type Poller,
} from '../../index.js';
import { formatDuration } from '../duration.js';
import { asUsage, EXIT, Interrupted, UsageError } from '../exit-codes.js';
import { note, printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { booleanFlag, durationFlag, integerFlag, stringFlag } from '../flags.js';
import { decodeAny, operationToJson, renderAny } from '../operation-view.js';
import { PollFailures } from '../poll-failures.js';
import { describeProgress, progressOf, type Progress } from '../progress.js';
import { ProgressLine } from '../progress-line.js';
import { checkMethodCall, checkNamedCall } from '../refusals.js';
import { waitMany, type ManyTargets } from './wait-many.js';

// setTimeout's limit, which the poller's delays must keep under.
const MAX_DELAY_MS = 2 ** 31 - 1;
// How often the progress line is refreshed between polls (their count and failures change without a new state).
const REFRESH_MS = 250;

interface WaitPlan {
  readonly name: string;
  readonly timeoutMs: number | undefined;
  readonly initialDelayMs: number | undefined;
  readonly maxDelayMs: number | undefined;
  readonly signal: AbortSignal;
}

/** What a wait tells the display. */
interface WaitWatcher {
  /** Each state seen, with the polls made so far (the first GetOperation counts). */
  observe(op: Operation, polls: number): void;
  /** The poller, once there is one: for what it reports besides states (failed polls, the poll count). */
  polling(poller: Poller): void;
}

/**
 * Gets the operation once (so that a wrong name or endpoint fails at once,
 * not after a backoff), then polls it with a Poller until it is done.
 * Resolves with the final operation, failed ones included.
 */
async function untilDone(client: OperationsClient, plan: WaitPlan, watcher: WaitWatcher): Promise<Operation> {
  const deadline = plan.timeoutMs === undefined ? undefined : Date.now() + plan.timeoutMs;
  const left = () => (deadline === undefined ? undefined : Math.max(1, deadline - Date.now()));
  let first: Operation;
  try {
    first = await client.getOperation(plan.name, { signal: plan.signal, timeoutMs: Math.min(left() ?? Infinity, client.timeoutMs) });
  } catch (err) {
    if (deadline !== undefined && Date.now() >= deadline && err instanceof RpcError && err.code === Code.DEADLINE_EXCEEDED) {
      throw new PollTimeoutError(plan.name, `operation ${plan.name} was not done after ${plan.timeoutMs} ms`, undefined, err);
    }
    throw err;
  }
  watcher.observe(first, 1);
  if (first.done) return first;
  const poller = asUsage(() => client.poller(first, { initialDelayMs: plan.initialDelayMs, maxDelayMs: plan.maxDelayMs }));
  watcher.polling(poller);
  let last = first;
  try {
    for await (const s of poller.snapshots({ signal: plan.signal, timeoutMs: left() })) {
      // The first snapshot is the state the poller was made from, seen already.
      if (s.attempt === 0) continue;
      last = s.operation;
      watcher.observe(last, s.attempt + 1);
    }
  } catch (err) {
    // A response of a type not in the registry: the operation is done all the same; print it undecoded.
    if (err instanceof UnpackError && err.operation?.done) {
      watcher.observe(err.operation, (poller.latest?.attempt ?? 0) + 1);
      return err.operation;
    }
    throw err;
  }
  return last;
}

async function onInterrupt(
  ctx: CommandContext,
  client: OperationsClient,
  name: string,
  reason: Interrupted,
  cancel: boolean,
): Promise<number> {
  if (!cancel) {
    ctx.io.stderr.write(`lro: interrupted; stopped waiting, ${name} goes on (--cancel-on-interrupt would cancel it)\n`);
    return reason.exitCode;
  }
  try {
    await client.cancelOperation(name, { timeoutMs: 10_000 });
    ctx.io.stderr.write(`lro: interrupted; cancel requested for ${name}\n`);
  } catch (err) {
    ctx.io.stderr.write(`lro: interrupted; the cancel request for ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  return reason.exitCode;
}

/**
 * What the command line asks to wait on: undefined for one NAME (the wait
 * of one operation, with its progress and result), else the names or the
 * list request.
 * @throws UsageError for no NAME and no --list, both, or --filter / --page-size without --list.
 */
function manyTargets(ctx: CommandContext): ManyTargets | undefined {
  const list = stringFlag(ctx.flags, 'list');
  const filter = stringFlag(ctx.flags, 'filter');
  const pageSize = integerFlag(ctx.flags, 'page-size', { min: 0 });
  if (list === undefined) {
    if (filter !== undefined || pageSize !== undefined)
      throw new UsageError(`--${filter !== undefined ? 'filter' : 'page-size'} goes with --list PARENT`);
    if (ctx.args.length === 0) throw new UsageError('missing NAME: lro wait NAME [NAME...] or lro wait --list PARENT');
    return ctx.args.length === 1 ? undefined : { names: ctx.args };
  }
  if (ctx.args.length > 0) throw new UsageError(`lro wait takes names or --list PARENT, not both (got '${ctx.args[0]}' and --list)`);
  if (list.trim() === '') throw new UsageError('--list needs a PARENT, e.g. operations or projects/p/locations/l');
  return { list: { name: list, filter, pageSize } };
}

/**
 * Waits on one operation (see {@link waitOne}), or on many: names listed
 * on the command line, or every operation a ListOperations returns (see
 * `waitMany`).
 */
export async function wait(ctx: CommandContext): Promise<number> {
  const targets = manyTargets(ctx);
  if (targets === undefined) return waitOne(ctx);
  return waitMany(ctx, {
    targets,
    timeoutMs: durationFlag(ctx.flags, 'timeout', { min: 1 }),
    initialDelayMs: durationFlag(ctx.flags, 'initial-delay', { min: 1, max: MAX_DELAY_MS }),
    maxDelayMs: durationFlag(ctx.flags, 'max-delay', { min: 1, max: MAX_DELAY_MS }),
    cancelOnInterrupt: booleanFlag(ctx.flags, 'cancel-on-interrupt'),
    quiet: ctx.quiet,
  });
}

/**
 * Waits for one operation. Exits 0 when it succeeds (its response on
 * stdout), 1 when it fails (its Status on stderr), 3 on --timeout, 130 on
 * Ctrl-C (after a CancelOperation with --cancel-on-interrupt). Failed polls
 * are retried for as long as the wait lasts: only --timeout bounds it.
 * `--format json` writes every state seen; `value(...)` the fields of the
 * last one, once the wait ends with it done or timed out.
 */
async function waitOne(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0]!;
  const plan: WaitPlan = {
    name,
    timeoutMs: durationFlag(ctx.flags, 'timeout', { min: 1 }),
    initialDelayMs: durationFlag(ctx.flags, 'initial-delay', { min: 1, max: MAX_DELAY_MS }),
    maxDelayMs: durationFlag(ctx.flags, 'max-delay', { min: 1, max: MAX_DELAY_MS }),
    signal: ctx.io.interrupt,
  };
  const cancelOnInterrupt = booleanFlag(ctx.flags, 'cancel-on-interrupt');
  const quiet = ctx.quiet;
  return withClient(ctx, async (client) => {
    checkNamedCall(client, 'get', name);
    // A cancel that could never be sent is better refused now than found out at Ctrl-C.
    if (cancelOnInterrupt) checkMethodCall(client, 'cancel');
    const startedAt = Date.now();
    // The state last seen, as --format writes it: every one for json, the last for value(...).
    let record: JsonObject | undefined;
    const writeLast = () => {
      if (ctx.format.kind === 'value' && record) writeRecord(ctx, record);
    };
    const line = quiet ? undefined : new ProgressLine(ctx.io.stderr, name);
    const failures = new PollFailures();
    let progress: Progress = {};
    let polls = 0;
    let poller: Poller | undefined;
    let refresher: NodeJS.Timeout | undefined;
    // Snapshots come only when the state changes; the poller's own count goes up with every poll, failed ones too.
    const pollsSoFar = () => Math.max(polls, 1 + Math.max(poller?.latest?.attempt ?? 0, failures.lastFailedAttempt));
    // Failed polls are told in lines, even with --quiet, unless the live line shows them.
    const tell = (text: string | undefined) => {
      if (text && !line?.live) ctx.io.stderr.write(`lro: ${text}\n`);
    };
    const refresh = () => {
      tell(failures.answered(poller?.latest?.attempt ?? 0));
      line?.update({ progress, polls: pollsSoFar(), problem: failures.problem });
    };
    const watcher: WaitWatcher = {
      observe(op, n) {
        polls = Math.max(polls, n);
        progress = op.metadata ? progressOf(decodeAny(client.types, op.metadata).json) : {};
        // The end is told once, below: done with the result, or failed with the status.
        if (!op.done) refresh();
        record = { ...operationToJson(client.types, op), polls: n, elapsedMs: Date.now() - startedAt };
        if (ctx.format.kind === 'json') writeRecord(ctx, record);
      },
      polling(p) {
        poller = p;
        p.on('retry', (error, attempt) => {
          // An answer may have come between two failures, unchanged and so unseen: tell it first.
          tell(failures.answered(p.latest?.attempt ?? 0));
          tell(failures.failed(error, attempt));
          line?.update({ progress, polls: pollsSoFar(), problem: failures.problem });
        });
        refresher = setInterval(refresh, REFRESH_MS);
        refresher.unref();
      },
    };
    let final: Operation;
    try {
      final = await untilDone(client, plan, watcher);
    } catch (err) {
      line?.stop();
      const reason: unknown = plan.signal.reason;
      if (plan.signal.aborted && reason instanceof Interrupted) return onInterrupt(ctx, client, name, reason, cancelOnInterrupt);
      if (err instanceof PollTimeoutError) {
        writeLast();
        const described = describeProgress(progress);
        const last = described ? ` (last seen: ${described})` : '';
        const end = failures.summary ? `; ${failures.summary}` : '; it goes on';
        ctx.io.stderr.write(`lro: timed out after ${formatDuration(plan.timeoutMs ?? 0)}: ${name} is not done yet${last}${end}\n`);
        return EXIT.TIMEOUT;
      }
      throw err;
    } finally {
      clearInterval(refresher);
    }
    line?.stop();
    const total = pollsSoFar();
    const took = [describeProgress(progress), formatDuration(Date.now() - startedAt), `${total} ${total === 1 ? 'poll' : 'polls'}`]
      .filter(Boolean)
      .join(' · ');
    writeLast();
    if (final.error) {
      const details = client.types.unpackDetails(final.error.details);
      throw final.error.code === Code.CANCELLED ? new OperationCancelledError(final, details) : new OperationError(final, details);
    }
    note(ctx, `${name}: done · ${took}`);
    if (!printsRecords(ctx)) {
      if (final.response) ctx.io.stdout.write(`${renderAny('response', client.types, final.response, '').join('\n')}\n`);
      else note(ctx, `${name}: finished with no result`);
    }
    return EXIT.OK;
  });
}
