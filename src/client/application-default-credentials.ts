// Google Application Default Credentials, from google-gax (google-auth-library), loaded on the first call that needs them.
import type { AuthClient } from '../transport/transport.js';

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Application Default Credentials with the cloud-platform scope. google-gax
 * (and google-auth-library with it) is imported on the first call, not
 * before: a client that is given `auth`, or is insecure, never loads it.
 */
export function applicationDefaultCredentials(): AuthClient {
  let auth: Promise<AuthClient> | undefined;
  return {
    async getRequestHeaders(url) {
      auth ??= import('google-gax').then(({ GoogleAuth }) => new GoogleAuth({ scopes: [CLOUD_PLATFORM] }) as unknown as AuthClient);
      return (await auth).getRequestHeaders(url);
    },
  };
}
