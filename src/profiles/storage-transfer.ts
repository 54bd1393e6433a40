// Storage Transfer: transferOperations/**, a required JSON list filter, at most 256 per page, newest first; no Delete, no Wait.
import { defineServiceProfile } from './service-profile.js';
import { parseTransferOperationsFilter, transferOperationsPredicate } from './transfer-operations-filter.js';

/** Storage Transfer's operations, as google.storagetransfer.v1 binds them. */
export const storageTransferProfile = defineServiceProfile({
  id: 'storage-transfer',
  title: 'Storage Transfer',
  methods: {
    get: { http: 'GET /v1/{name=transferOperations/**}' },
    list: { http: 'GET /v1/{name=transferOperations}' },
    cancel: { http: 'POST /v1/{name=transferOperations/**}:cancel' },
  },
  list: {
    maxPageSize: 256,
    filterRequired: true,
    validateFilter: (filter) => void parseTransferOperationsFilter(filter),
    order: 'newest-first',
    compileFilter: transferOperationsPredicate,
  },
  nameForId: (id) => `transferOperations/transferJobs-${id}`,
});
