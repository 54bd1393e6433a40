// The client and the emulator judge a list request by the same rules: the same field, the same description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, RpcError, defineServiceProfile, services, type ServiceProfile } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { rest } from '../helpers/emulator-clients.js';
import { clientFor, emulatorFor, rejection } from '../helpers/setup.js';

const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

interface BadList {
  readonly filter?: string;
  readonly pageSize?: number;
}

const requiredFilter = defineServiceProfile({
  id: 'ledger',
  title: 'Ledger',
  methods: {
    get: { http: 'GET /v1/{name=ledgers/*/operations/*}' },
    list: { http: 'GET /v1/{name=ledgers/*}/operations' },
  },
  list: {
    maxPageSize: 10,
    filterRequired: true,
    validateFilter: (filter) => {
      if (!filter.startsWith('account=')) throw new TypeError(`filter '${filter}' must read account=ID`);
    },
  },
});

const cases: { profile: ServiceProfile; listName: string; path: string; requests: BadList[] }[] = [
  {
    profile: services.storageTransfer,
    listName: 'transferOperations',
    path: '/v1/transferOperations',
    requests: [
      {},
      { filter: '   ' },
      { filter: '{"projectId": ' },
      { filter: '{"jobNames": ["a"]}' },
      { filter: '{"projectId":"p","transferStatuses":["DONE"]}' },
      { filter: '{"projectId":"p"}', pageSize: 257 },
      { filter: '{"projectId":"p"}', pageSize: -1 },
    ],
  },
  {
    profile: requiredFilter,
    listName: 'ledgers/l1',
    path: '/v1/ledgers/l1/operations',
    requests: [{}, { filter: 'owner=me' }, { filter: 'account=7', pageSize: 11 }],
  },
];

function query(request: BadList): string {
  const q = new URLSearchParams();
  if (request.filter !== undefined) q.set('filter', request.filter);
  if (request.pageSize !== undefined) q.set('pageSize', String(request.pageSize));
  return q.size ? `?${q}` : '';
}

for (const c of cases) {
  describe(`${c.profile.title}: a list request refused`, () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await emulatorFor(c.profile);
    });
    afterAll(() => emulator.close());

    it.each(c.requests)('%j: by the client before any call, and by the emulator, alike', async (request) => {
      const client = clientFor(emulator, 'rest');
      try {
        const before = emulator.calls.total;
        const local = await rejection(client.listOperationsPage({ name: c.listName, ...request }));
        expect(emulator.calls.total).toBe(before);
        expect(local).toBeInstanceOf(RpcError);
        const err = local as RpcError;
        expect(err.code).toBe(Code.INVALID_ARGUMENT);

        const served = await rest(emulator.restEndpoint, 'GET', `${c.path}${query(request)}`);
        expect(served.status).toBe(400);
        expect(served.json.error.status).toBe('INVALID_ARGUMENT');
        expect(served.json.error.message).toBe(err.rawMessage);
        expect(served.json.error.details).toEqual([err.findDetail(BAD_REQUEST)]);
      } finally {
        client.close();
      }
    });
  });
}
