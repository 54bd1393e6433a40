// The etiquette headers' values, and that REST reads the versions it names without gRPC or a file system.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiClientHeader, requestParamsHeader, REST_TOKEN, USER_AGENT } from '../../src/transport/google-headers.js';
import { PACKAGE_VERSION } from '../../src/generated/version.js';

function importsOf(file: string): string[] {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  return [...source.matchAll(/^import\s.*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('Google wire etiquette headers', () => {
  it('read as the generated clients send them', () => {
    expect(apiClientHeader(REST_TOKEN)).toBe(`gl-node/${process.versions.node} longrunning/${PACKAGE_VERSION} rest/${PACKAGE_VERSION}`);
    expect(USER_AGENT).toBe(`longrunning/${PACKAGE_VERSION}`);
    expect(requestParamsHeader('operations/abc')).toBe('name=operations%2Fabc');
    expect(requestParamsHeader('projects/p/locations/l/operations/a b&c=d')).toBe(
      'name=projects%2Fp%2Flocations%2Fl%2Foperations%2Fa%20b%26c%3Dd',
    );
  });

  it('are built by modules that import neither @grpc/grpc-js nor node: built-ins (only the gRPC transport reads grpc-js’s version)', () => {
    expect(importsOf('../../src/transport/google-headers.ts')).toEqual(['../generated/version.js']);
    expect(importsOf('../../src/generated/version.ts')).toEqual([]);
    expect(importsOf('../../src/client/request-headers.ts').filter((i) => !i.startsWith('../transport/'))).toEqual([]);
    expect(importsOf('../../src/transport/rest-transport.ts')).not.toContain('./grpc-version.js');
  });
});
