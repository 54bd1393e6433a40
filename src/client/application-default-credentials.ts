// Google Application Default Credentials, from google-gax (google-auth-library), loaded on the first call that needs them.
import type { AuthClient } from '../transport/transport.js';

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

// google-auth-library prints it off Google Cloud, when the metadata server it probes answers oddly: noise for everyone else.
const QUIETED_WARNING = 'MetadataLookupWarning';

type EmitWarning = typeof process.emitWarning;

/** The debug switch: LONGRUNNING_DEBUG set to anything but empty, `0` or `false` lets the warning through. */
export function debugEnabled(): boolean {
  const value = process.env.LONGRUNNING_DEBUG?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function isQuieted(warning: unknown, typeOrOptions: unknown): boolean {
  if (warning instanceof Error && warning.name === QUIETED_WARNING) return true;
  if (typeOrOptions === QUIETED_WARNING) return true;
  return typeof typeOrOptions === 'object' && typeOrOptions !== null && (typeOrOptions as { type?: unknown }).type === QUIETED_WARNING;
}

let quieting = 0;
let restore: (() => void) | undefined;

// While any credential lookup is under way, process.emitWarning drops MetadataLookupWarning and passes everything else on.
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  if (debugEnabled()) return work();
  if (quieting++ === 0) {
    const original: EmitWarning = process.emitWarning;
    const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
      if (!isQuieted(warning, rest[0])) Reflect.apply(original, process, [warning, ...rest]);
    } as EmitWarning;
    process.emitWarning = filtered;
    // Someone who replaced it meanwhile keeps theirs.
    restore = () => {
      if (process.emitWarning === filtered) process.emitWarning = original;
    };
  }
  try {
    return await work();
  } finally {
    if (--quieting === 0) restore?.();
  }
}

/**
 * Application Default Credentials with the cloud-platform scope. google-gax
 * (and google-auth-library with it) is imported on the first call, not
 * before: a client that is given `auth`, or is insecure, never loads it.
 * The MetadataLookupWarning that google-auth-library prints off Google
 * Cloud is kept quiet unless LONGRUNNING_DEBUG is set.
 */
export function applicationDefaultCredentials(): AuthClient {
  let auth: Promise<AuthClient> | undefined;
  return {
    getRequestHeaders(url) {
      auth ??= import('google-gax').then(({ GoogleAuth }) => new GoogleAuth({ scopes: [CLOUD_PLATFORM] }) as unknown as AuthClient);
      return quietly(async () => (await auth!).getRequestHeaders(url));
    },
  };
}
