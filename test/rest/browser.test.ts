// longrunning/rest in a real browser: bundled by esbuild for the browser, where any import of Node's fails the bundle,
// then loaded in headless Chromium (Debian's chromium, driven by playwright-core) to wait on the emulator over REST.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, services } from '../../src/index.js';
import { OperationsClient } from '../../src/rest/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { repoPath } from '../helpers/installed-package.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`skipped: longrunning/rest in a browser, no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// Fails the bundle on any node: import, naming the file that has it. A bare name of Node's ('fs') goes to esbuild,
// which follows the package's "browser" map (protobufjs maps fs to nothing) and fails the bundle where none applies.
const noNodeModules: esbuild.Plugin = {
  name: 'no-node-modules',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path, importer }) => ({ errors: [{ text: `${importer} imports ${path}` }] }));
  },
};

/** dist/rest/index.js bundled for the browser as one ES module, and the files it was made of. */
async function bundleRestEntry(): Promise<{ code: string; inputs: string[] }> {
  const result = await esbuild.build({
    entryPoints: [repoPath('dist/rest/index.js')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodeModules],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

describe('longrunning/rest bundled for the browser', () => {
  it('bundles with no module of Node and nothing of gRPC or google-gax', async () => {
    const { code, inputs } = await bundleRestEntry();
    expect(code.length).toBeGreaterThan(0);
    expect(inputs.filter((i) => /@grpc|google-gax|google-auth-library|gaxios/.test(i))).toEqual([]);
    expect(inputs.filter((i) => /dist\/(transport\/grpc|client\/grpc|client\/application-default|testing\/|cli\/)/.test(i))).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('longrunning/rest in headless Chromium', () => {
  let page: Server;
  let origin: string;
  let emulator: Emulator;
  let browser: Browser;
  beforeAll(async () => {
    const bundle = (await bundleRestEntry()).code;
    const files: Record<string, string> = {
      '/': '<!doctype html><meta charset="utf-8"><title>longrunning/rest</title>',
      '/longrunning-rest.js': bundle,
      '/test.js': readFileSync(repoPath('test/fixtures/rest-in-browser.js'), 'utf8'),
    };
    page = createServer((req, res) => {
      const body = files[req.url ?? ''];
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': req.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    // Another port is another origin: the page's calls are cross-origin, as an app's calls to a Google API are.
    emulator = await startEmulator({ profile: services.standard, cors: origin });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  });

  it('waits on an operation to its response, cancels one and reads a failure, over REST with CORS', async () => {
    const succeeds = emulator.create({
      durationMs: 400,
      metadata: ({ fraction }) => ({ '@type': 'type.googleapis.com/google.protobuf.Struct', progress: fraction }),
      response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'done in a browser' },
    });
    const cancelled = emulator.create({ durationMs: Infinity });
    const fails = emulator.create({
      durationMs: 100,
      error: {
        code: Code.PERMISSION_DENIED,
        message: 'no',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'DENIED', domain: 'browser.test', metadata: { a: 'b' } }],
      },
    });
    // Responses whose JSON takes int64s, bytes and well-known forms: decoded in the browser as on Node.
    const values = [
      { '@type': 'type.googleapis.com/google.protobuf.Int64Value', value: '9007199254740993' },
      { '@type': 'type.googleapis.com/google.protobuf.BytesValue', value: 'AAEC/w==' },
      { '@type': 'type.googleapis.com/google.protobuf.Timestamp', value: '2026-01-01T12:30:00.250Z' },
      { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '90.5s' },
      { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { counters: { bytes: '123' }, ok: true } },
    ].map((response) => emulator.create({ response }).name);
    using node = new OperationsClient({ endpoint: emulator.restEndpoint, insecure: true, poll: { format: 'json' } });
    const onNode = await Promise.all(values.map((name) => node.poller(name).result()));

    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    await tab.goto(`${origin}/`);
    const seen = await tab.evaluate(
      `import('/test.js').then((m) => m.run(${JSON.stringify({
        endpoint: emulator.restEndpoint,
        names: { succeeds: succeeds.name, cancelled: cancelled.name, fails: fails.name, values },
      })}))`,
    );
    expect(seen).toEqual({
      response: 'done in a browser',
      progress: expect.any(Number),
      cancel: { cancelledError: true, code: Code.CANCELLED },
      failure: {
        operationError: true,
        code: Code.PERMISSION_DENIED,
        detail: { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'DENIED', domain: 'browser.test', metadata: { a: 'b' } },
      },
      values: onNode,
      // A browser has neither: the entry needs neither.
      buffer: 'undefined',
      process: 'undefined',
    });
    expect((seen as { progress: number }).progress).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    expect(emulator.calls.byMethod.cancel).toBe(1);
    await tab.close();
  }, 60_000);
});
