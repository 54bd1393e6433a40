// CommonJS: require('longrunning') and its subpaths load the ES build through the exports map (Node 20.19 and later).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { installedPackage, type InstalledPackage } from '../helpers/installed-package.js';
import { emulatorFor } from '../helpers/setup.js';

// require() of an ES module without top-level await: unflagged since Node 20.19 (and 22.12).
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const requiresEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19) || major === 21;
if (!requiresEsm) console.log(`skipped: require('longrunning') needs Node 20.19 or later, this is ${process.version}`);

describe.skipIf(!requiresEsm)("require('longrunning')", () => {
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

  it('gives every entry, and its client waits on an operation', async () => {
    const op = emulator.create({
      durationMs: 100,
      response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'required' },
    });
    const script = `
      const { OperationsClient, OperationError } = require('longrunning');
      const rest = require('longrunning/rest');
      const { startEmulator, ManualClock } = require('longrunning/testing');
      console.log([OperationsClient, OperationError, rest.OperationsClient, startEmulator, ManualClock].map((x) => typeof x).join(' '));
      const client = new OperationsClient({ endpoint: ${JSON.stringify(emulator.restEndpoint)}, transport: 'rest', insecure: true, poll: { format: 'json' } });
      client.poller(${JSON.stringify(op.name)}).then((response) => {
        console.log(response);
        client.close();
      });`;
    const run = await app.node(['-e', script]);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['function function function function function', 'required']);
  });
});
