// Nothing printed in normal use: no MetadataLookupWarning off Google Cloud (unless LONGRUNNING_DEBUG), no DEP0123 for TLS to an IP.
import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '../../src/index.js';
import { installedPackage, repoPath, type InstalledPackage } from '../helpers/installed-package.js';
import { closedPort } from '../helpers/setup.js';
import { calledCode, oneCall } from './one-call.js';

const CERT = repoPath('test/fixtures/tls/localhost.crt');

let app: InstalledPackage;
beforeAll(() => {
  app = installedPackage();
});
afterAll(() => app[Symbol.dispose]());

describe('Application Default Credentials off Google Cloud', () => {
  // A metadata server that answers every probe with a 500: google-auth-library's cue for MetadataLookupWarning.
  let metadata: HttpServer;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    metadata = createServer((_req, res) => res.writeHead(500).end('broken'));
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    env = {
      GCE_METADATA_HOST: `127.0.0.1:${(metadata.address() as AddressInfo).port}`,
      GOOGLE_APPLICATION_CREDENTIALS: undefined,
      // No gcloud credentials file to find.
      HOME: app.dir,
      CLOUDSDK_CONFIG: join(app.dir, 'gcloud'),
      LONGRUNNING_DEBUG: undefined,
    };
  });
  afterAll(() => new Promise<void>((resolve) => metadata.close(() => resolve())));

  it('fail with UNAUTHENTICATED and print no MetadataLookupWarning', async () => {
    const run = await app.node(oneCall('longrunning', 'rest', `https://127.0.0.1:${await closedPort()}`, 'adc'), env);
    expect(calledCode(run.stdout)).toBe(Code.UNAUTHENTICATED);
    expect(run.stderr).not.toContain('MetadataLookupWarning');
    expect(run.stderr).toBe('');
  });

  it('print the warning with LONGRUNNING_DEBUG=1', async () => {
    const run = await app.node(oneCall('longrunning', 'rest', `https://127.0.0.1:${await closedPort()}`, 'adc'), {
      ...env,
      LONGRUNNING_DEBUG: '1',
    });
    expect(calledCode(run.stdout)).toBe(Code.UNAUTHENTICATED);
    expect(run.stderr).toContain('MetadataLookupWarning');
  });
});

describe('gRPC over TLS', () => {
  // A TLS server with the fixture certificate (localhost and 127.0.0.1) and no services: every call is UNIMPLEMENTED once the handshake is through.
  let server: grpc.Server;
  let port: number;
  beforeAll(async () => {
    server = new grpc.Server();
    const credentials = grpc.ServerCredentials.createSsl(null, [
      { cert_chain: readFileSync(CERT), private_key: readFileSync(repoPath('test/fixtures/tls/localhost.key')) },
    ]);
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`to ${host}: the handshake checks the certificate, and nothing is printed (no DEP0123)`, async () => {
      // The roots gRPC trusts: the fixture's certificate only.
      const run = await app.node(oneCall('longrunning', 'grpc', `${host}:${port}`, 'token'), { GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: CERT });
      expect(calledCode(run.stdout)).toBe(Code.UNIMPLEMENTED);
      expect(run.stderr).not.toContain('DEP0123');
      expect(run.stderr).toBe('');
    });

    it(`to ${host}: a certificate the process does not trust fails the call`, async () => {
      const run = await app.node(oneCall('longrunning', 'grpc', `${host}:${port}`, 'token'), {
        GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: undefined,
        NODE_EXTRA_CA_CERTS: undefined,
      });
      expect(calledCode(run.stdout)).toBe(Code.UNAVAILABLE);
      expect(run.stderr).not.toContain('DEP0123');
    });
  }
});
