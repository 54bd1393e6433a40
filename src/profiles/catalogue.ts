// The profiles this package ships, by key and by id.
import { contactCenterInsightsProfile } from './contact-center-insights.js';
import { gdcTranslationProfile } from './gdc-translation.js';
import type { ServiceProfile } from './service-profile.js';
import { standardProfile } from './standard.js';
import { storageTransferProfile } from './storage-transfer.js';

/**
 * The profiles this package ships.
 *
 * - `standard`: the google.longrunning default bindings, WaitOperation over gRPC.
 * - `storageTransfer`: Storage Transfer: `transferOperations/...`, a required
 *   JSON filter, page size at most 256, newest first; no Delete, no Wait.
 * - `contactCenterInsights`: Contact Center Insights: Get, List on the
 *   location, Cancel (the operation ends with code 1, CANCELLED).
 * - `gdcTranslation`: the Google Distributed Cloud translation service: Get
 *   and List only, under /v3.
 */
export const services = {
  /** The google.longrunning default bindings (`operations/**`), WaitOperation over gRPC: id `'standard'`. */
  standard: standardProfile,
  /** Storage Transfer (`transferOperations/**`): id `'storage-transfer'`. */
  storageTransfer: storageTransferProfile,
  /** Contact Center Insights (`projects/*\/locations/*\/operations/*`): id `'contact-center-insights'`. */
  contactCenterInsights: contactCenterInsightsProfile,
  /** The Google Distributed Cloud translation service, under /v3: id `'gdc-translation'`. */
  gdcTranslation: gdcTranslationProfile,
} as const satisfies Record<string, ServiceProfile>;

const BY_ID: ReadonlyMap<string, ServiceProfile> = new Map(Object.values(services).map((p) => [p.id, p]));
const BY_KEY: ReadonlyMap<string, ServiceProfile> = new Map(Object.entries(services));

/** Finds a shipped profile by its id (`'storage-transfer'`) or key (`'storageTransfer'`); undefined for any other text. */
export function serviceProfileById(id: string): ServiceProfile | undefined {
  return BY_ID.get(id) ?? BY_KEY.get(id);
}
