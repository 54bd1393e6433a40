// The Google Distributed Cloud translation service: Get and List only, under /v3.
import { EXAMPLE_PROJECT, struct, type ExamplePayload } from './example-payloads.js';
import { countOf, fieldOf, fractionOf, timestampOf } from './metadata-readers.js';
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

/** A batch translation's progress: pages translated or failed of all its pages (int64 counts, decimal strings in JSON). */
export function translationProgress(metadata: unknown): number | undefined {
  const translated = countOf(fieldOf(metadata, 'translatedPages'));
  const failed = countOf(fieldOf(metadata, 'failedPages')) ?? 0;
  return translated === undefined ? undefined : fractionOf(translated + failed, fieldOf(metadata, 'totalPages'));
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
  progress: translationProgress,
  startTime: (metadata) => timestampOf(fieldOf(metadata, 'submitTime')),
  examples: {
    metadata: ({ startTime, state, fraction }) => translationMetadata(startTime, state, Math.floor(PAGES * fraction), PAGES),
    response: struct({ totalPages: PAGES, translatedPages: PAGES, failedPages: 0 }),
  },
  help: { summary: 'Google Distributed Cloud translation: projects/*/locations/*/operations/* under /v3; Get, List' },
});
