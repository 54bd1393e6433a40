// The version of @grpc/grpc-js, for the gRPC transport's x-goog-api-client: grpc-js does not export it, its package.json has it.
import { createRequire } from 'node:module';

let version: string | undefined;

/** The installed @grpc/grpc-js version, read once; `unknown` where its package.json cannot be read. */
export function grpcJsVersion(): string {
  if (version === undefined) {
    try {
      const pkg = createRequire(import.meta.url)('@grpc/grpc-js/package.json') as { version?: unknown };
      version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
