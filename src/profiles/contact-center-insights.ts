// Contact Center Insights: operations under a location; Get, List and Cancel.
import { defineServiceProfile } from './service-profile.js';

/** Contact Center Insights' operations, `projects/*\/locations/*\/operations/*`. A cancelled one ends with code 1, CANCELLED. */
export const contactCenterInsightsProfile = defineServiceProfile({
  id: 'contact-center-insights',
  title: 'Contact Center Insights',
  methods: {
    get: { http: 'GET /v1/{name=projects/*/locations/*/operations/*}' },
    list: { http: 'GET /v1/{name=projects/*/locations/*}/operations' },
    cancel: { http: 'POST /v1/{name=projects/*/locations/*/operations/*}:cancel' },
  },
  nameForId: (id) => `projects/demo-project/locations/us-central1/operations/${id}`,
});
