// Contact Center Insights: operations under a location; Get, List and Cancel.
import { EXAMPLE_PROJECT, struct, type ExamplePayload } from './example-payloads.js';
import { countOf, fieldOf, fractionOf, timestampOf } from './metadata-readers.js';
import { defineServiceProfile } from './service-profile.js';

const ANALYSES = 400;

/**
 * Contact Center Insights' BulkAnalyzeConversationsMetadata, as a Struct
 * (its descriptor is not at hand): analyses done of those asked for.
 */
export function analysisMetadata(createTime: string, completed: number, total: number): ExamplePayload {
  return struct({
    createTime,
    request: { parent: `projects/${EXAMPLE_PROJECT}/locations/us-central1`, filter: 'agent_id="a-17"', analysisPercentage: 100 },
    completedAnalysesCount: completed,
    failedAnalysesCount: 0,
    totalRequestedAnalysesCount: total,
  });
}

/** A bulk analysis's progress: analyses completed or failed of those requested. */
export function analysisProgress(metadata: unknown): number | undefined {
  const completed = countOf(fieldOf(metadata, 'completedAnalysesCount'));
  const failed = countOf(fieldOf(metadata, 'failedAnalysesCount')) ?? 0;
  return completed === undefined ? undefined : fractionOf(completed + failed, fieldOf(metadata, 'totalRequestedAnalysesCount'));
}

/** Contact Center Insights' operations, `projects/*\/locations/*\/operations/*`. A cancelled one ends with code 1, CANCELLED. */
export const contactCenterInsightsProfile = defineServiceProfile({
  id: 'contact-center-insights',
  title: 'Contact Center Insights',
  methods: {
    get: { http: 'GET /v1/{name=projects/*/locations/*/operations/*}' },
    list: { http: 'GET /v1/{name=projects/*/locations/*}/operations' },
    cancel: { http: 'POST /v1/{name=projects/*/locations/*/operations/*}:cancel' },
  },
  nameForId: (id) => `projects/${EXAMPLE_PROJECT}/locations/us-central1/operations/${id}`,
  progress: analysisProgress,
  startTime: (metadata) => timestampOf(fieldOf(metadata, 'createTime')),
  examples: {
    metadata: ({ startTime, fraction }) => analysisMetadata(startTime, Math.floor(ANALYSES * fraction), ANALYSES),
    response: struct({ successfulAnalysisCount: ANALYSES, failedAnalysisCount: 0 }),
  },
  help: { summary: 'Contact Center Insights: projects/*/locations/*/operations/*; Get, List, Cancel' },
});
