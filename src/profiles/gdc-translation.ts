// The Google Distributed Cloud translation service: Get and List only, under /v3.
import { defineServiceProfile } from './service-profile.js';

/** GDC translation's operations, `projects/*\/locations/*\/operations/*`, over /v3. */
export const gdcTranslationProfile = defineServiceProfile({
  id: 'gdc-translation',
  title: 'GDC Translation',
  methods: {
    get: { http: 'GET /v3/{name=projects/*/locations/*/operations/*}' },
    list: { http: 'GET /v3/{name=projects/*/locations/*}/operations' },
  },
  nameForId: (id) => `projects/demo-project/locations/zone1/operations/${id}`,
});
