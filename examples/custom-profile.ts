// A service of your own: describe its bindings once with defineServiceProfile, and the client, the poller and the emulator follow them.
// Run: npx tsx examples/custom-profile.ts
import { OperationsClient, RpcError, defineServiceProfile } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

// An API whose operations live under each user, listed on the user: GET /v1/users/alice/operations.
const users = defineServiceProfile({
  id: 'users',
  title: 'Users API',
  methods: {
    get: { http: 'GET /v1/{name=users/*/operations/*}' },
    list: { http: 'GET /v1/{name=users/*}/operations' },
    cancel: { http: 'POST /v1/{name=users/*/operations/*}:cancel' },
  },
});

// A stand-in for it: the emulator serves the same bindings, over REST and gRPC.
await using emulator = await startEmulator({ profile: users });
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
emulator.create({ name: 'users/alice/operations/export-1', response: { '@type': STRING, value: 'alice.zip' } });
emulator.create({ name: 'users/alice/operations/export-2', durationMs: 1_000, response: { '@type': STRING, value: 'alice-photos.zip' } });
emulator.create({ name: 'users/bob/operations/export-1', response: { '@type': STRING, value: 'bob.zip' } });

await using client = new OperationsClient({ endpoint: emulator.restEndpoint, transport: 'rest', insecure: true, service: users });

// ListOperations on the parent: GET /v1/users/alice/operations, page after page.
for await (const op of client.listOperations({ name: 'users/alice' })) console.log(`${op.name}: ${op.done ? 'done' : 'running'}`);

// GetOperation polling (the profile has no WaitOperation): GET /v1/users/alice/operations/export-2.
// The response is a google.protobuf.StringValue, unpacked as its generated IStringValue interface describes it.
const archive = await client.poller<{ value?: string | null }>('users/alice/operations/export-2');
console.log(`export-2 done: ${archive?.value}`);

// A name the bindings do not cover, or a method the profile lacks, is refused before any request.
try {
  client.poller('users/alice/exports/1');
} catch (err) {
  if (err instanceof RpcError) console.log(`refused: ${err.codeName}`);
  else throw err;
}
await client
  .deleteOperation('users/alice/operations/export-1')
  .catch((err: RpcError) => console.log(`refused: ${err.codeName} (${err.method})`));
