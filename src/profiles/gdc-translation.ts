// The Google Distributed Cloud translation service: Get and List only, under /v3.
import { EXAMPLE_PROJECT, struct, type ExamplePayload } from './example-payloads.js';
import { defineServiceProfile } from './service-profile.js';

const PAGES = 120;

/** The GDC translation service's BatchTranslateDocumentMetadata, as a Struct (its descriptor is not at hand). */
export function translationMetadata(submitTime: string, state: string, translatedPages: number, totalPages: number): ExamplePayload {
  return struct({
    state,
    totalPages,
    translatedPages,
    failedPages: 0,
    submitTime,
  });
}

/** GDC translation's operations, `projects/*\/locations/*\/operations/*`, over /v3. */
export const gdcTranslationProfile = defineServiceProfile({
  id: 'gdc-translation',
  title: 'GDC Translation',
  methods: {
    get: { http: 'GET /v3/{name=projects/*/locations/*/operations/*}' },
    list: { http: 'GET /v3/{name=projects/*/locations/*}/operations' },
  },
  nameForId: (id) => `projects/${EXAMPLE_PROJECT}/locations/zone1/operations/${id}`,
  examples: {
    metadata: ({ startTime, state, fraction }) => translationMetadata(startTime, state, Math.floor(PAGES * fraction), PAGES),
    response: struct({ totalPages: PAGES, translatedPages: PAGES, failedPages: 0 }),
  },
  help: { summary: 'Google Distributed Cloud translation: projects/*/locations/*/operations/* under /v3; Get, List' },
});
