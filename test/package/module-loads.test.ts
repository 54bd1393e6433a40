// What a process loads: a REST client never loads @grpc/grpc-js or google-gax; an insecure gRPC client loads no google-gax.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, services } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { installedPackage, repoPath, type InstalledPackage } from '../helpers/installed-package.js';
import { emulatorFor } from '../helpers/setup.js';
import { calledCode, oneCall, type Credentials } from './one-call.js';

const RECORDER = repoPath('scripts/record-loads.mjs');

describe('what a process loads', () => {
  let emulator: Emulator;
  let app: InstalledPackage;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard);
    app = installedPackage();
  });
  afterAll(async () => {
    app[Symbol.dispose]();
    await emulator.close();
  });

  // The packages whose files the process loaded, by name.
  async function packagesLoaded(entry: string, transport: 'grpc' | 'rest', endpoint: string, credentials: Credentials) {
    const file = join(app.dir, `loads-${entry.replace('/', '-')}-${transport}-${credentials}.txt`);
    const run = await app.node(oneCall(entry, transport, endpoint, credentials, RECORDER), {
      LONGRUNNING_RECORD_LOADS: file,
      // No credentials to find, and no metadata server to ask, wherever the test runs.
      GOOGLE_APPLICATION_CREDENTIALS: join(app.dir, 'no-such-key.json'),
      GCE_METADATA_HOST: '127.0.0.1:1',
    });
    const urls = readFileSync(file, 'utf8').split('\n');
    const names = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((n) => n !== undefined));
    return { code: calledCode(run.stdout), stderr: run.stderr, names, urls };
  }

  it('a REST client made from longrunning, with a token, loads neither @grpc/grpc-js nor google-gax', async () => {
    const loaded = await packagesLoaded('longrunning', 'rest', emulator.restEndpoint.replace('http:', 'https:'), 'token');
    // TLS to the plaintext emulator fails: the call went out.
    expect(loaded.code).toBe(Code.UNAVAILABLE);
    expect(loaded.names).toContain('protobufjs');
    expect(loaded.names).not.toContain('@grpc/grpc-js');
    expect(loaded.names).not.toContain('google-gax');
    expect(loaded.names).not.toContain('google-auth-library');
  });

  it('an insecure REST client made from longrunning loads neither', async () => {
    const loaded = await packagesLoaded('longrunning', 'rest', emulator.restEndpoint, 'insecure');
    expect(loaded.code).toBe(Code.NOT_FOUND);
    expect(loaded.names).not.toContain('@grpc/grpc-js');
    expect(loaded.names).not.toContain('google-gax');
  });

  it('an insecure gRPC client loads @grpc/grpc-js on its call, and no google-gax', async () => {
    const loaded = await packagesLoaded('longrunning', 'grpc', emulator.grpcEndpoint, 'insecure');
    expect(loaded.code).toBe(Code.NOT_FOUND);
    expect(loaded.names).toContain('@grpc/grpc-js');
    expect(loaded.names).not.toContain('google-gax');
    expect(loaded.names).not.toContain('google-auth-library');
  });

  it('a client left to Application Default Credentials loads google-gax on its call, and over REST no @grpc/grpc-js of its own', async () => {
    const loaded = await packagesLoaded('longrunning', 'rest', emulator.restEndpoint.replace('http:', 'https:'), 'adc');
    expect(loaded.code).toBe(Code.UNAUTHENTICATED);
    expect(loaded.names).toContain('google-gax');
    // google-gax itself requires @grpc/grpc-js; the package's gRPC transport stays unloaded.
    expect(loaded.urls.some((u) => u.endsWith('/dist/transport/grpc-transport.js'))).toBe(false);
  });

  it('longrunning/rest loads no module of Node and nothing of gRPC', async () => {
    const loaded = await packagesLoaded('longrunning/rest', 'rest', emulator.restEndpoint, 'insecure');
    expect(loaded.code).toBe(Code.NOT_FOUND);
    expect(loaded.names).not.toContain('@grpc/grpc-js');
    expect(loaded.names).not.toContain('google-gax');
    expect(loaded.urls.filter((u) => u.startsWith('node:'))).toEqual([]);
    const ours = loaded.urls.filter((u) => u.includes('/dist/'));
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.filter((u) => /\/dist\/(transport\/grpc|client\/grpc|client\/application-default|testing\/|cli\/)/.test(u))).toEqual([]);
  });
});
