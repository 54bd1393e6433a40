// The google.longrunning default bindings: operations/**, every RPC, WaitOperation over gRPC only.
import { defineServiceProfile } from './service-profile.js';

/** google.longrunning as its own protos bind it; the profile a client uses when given none. */
export const standardProfile = defineServiceProfile({
  id: 'standard',
  title: 'google.longrunning (default bindings)',
  methods: {
    get: { http: 'GET /v1/{name=operations/**}' },
    list: { http: 'GET /v1/{name=operations}' },
    cancel: { http: 'POST /v1/{name=operations/**}:cancel' },
    delete: { http: 'DELETE /v1/{name=operations/**}' },
    wait: { grpc: true },
  },
  help: { summary: "google.longrunning's default bindings: operations/**; every RPC, Wait over gRPC only" },
});
