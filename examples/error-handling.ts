// Tell the two kinds of failure apart: the operation ran and failed (OperationError), or a call failed (RpcError).
// Run: npx tsx examples/error-handling.ts
import { OperationError, OperationsClient, PollTimeoutError, RpcError, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

// What a caller would do with each outcome of a wait.
function explain(what: string, err: unknown): string {
  // The operation ended with an error Status: the work is over and will not succeed by waiting again.
  // (OperationCancelledError, code 1, is a subclass: test for it first to treat a cancel apart.)
  if (err instanceof OperationError) {
    const reason = err.findDetail('google.rpc.ErrorInfo')?.reason;
    return `${what}: the operation failed: ${err.codeName} (${err.code}) "${err.rawMessage}", reason ${reason}`;
  }
  // The wait's own limit passed: the operation is still running; wait again later, from a token if need be.
  if (err instanceof PollTimeoutError)
    return `${what}: still running when the wait gave up (${err.codeName}, ${err.latest ? 'last seen running' : 'never seen'})`;
  // A call failed, permanently (transient failures were retried): the operation's state is unknown, not failed.
  if (err instanceof RpcError) return `${what}: the call failed: ${err.codeName} (${err.code}) in ${err.method}`;
  throw err;
}

await using emulator = await startEmulator({ profile: services.standard });
await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });

const failed = emulator.create({
  durationMs: 300,
  error: {
    code: 7,
    message: 'the service account cannot read the source bucket',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SOURCE_ACCESS_DENIED', domain: 'example.googleapis.com' }],
  },
});
const slow = emulator.create({ durationMs: 60_000 });
const fine = emulator.create({ durationMs: 300, response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'ok' } });

// Each case says what it got when it succeeds. The response is a google.protobuf.StringValue: `{ value }`.
const wait = async (name: string, timeoutMs?: number) =>
  (await client.poller<{ value?: string | null }>(name).result({ timeoutMs }))?.value;
const cases: [string, () => Promise<string | null | undefined>][] = [
  ['a failed operation', () => wait(failed.name)],
  ['an operation that does not exist', () => wait('operations/no-such-thing')],
  ['a wait with a limit', () => wait(slow.name, 500)],
  [
    'a call refused',
    async () => {
      emulator.failNext(1, { code: 7, message: 'caller lacks longrunning.operations.get' });
      return (await client.getOperation(fine.name)).name;
    },
  ],
  [
    'two UNAVAILABLE, then an answer',
    () => {
      emulator.failNext(2, { code: 14 }); // retried inside the call, with backoff: the caller never sees them
      return wait(fine.name);
    },
  ],
];
for (const [what, run] of cases) {
  try {
    console.log(`${what}: succeeded (${await run()})`);
  } catch (err) {
    console.log(explain(what, err));
  }
}

// A name the service would refuse is refused at once, before any call, as an RpcError INVALID_ARGUMENT.
try {
  client.poller('../operations/x');
} catch (err) {
  console.log(explain('a bad name', err));
}
