// lro demo: the SDK end to end against three embedded emulators, one per seed service, narrated on stdout.
import type { EmulatorCalls } from '../../testing/index.js';
import type { CommandContext } from '../context.js';
import { contactCenterSection } from '../demo/contact-center.js';
import { Narrator } from '../demo/narrator.js';
import type { DemoSection } from '../demo/section.js';
import { storageTransferSection } from '../demo/storage-transfer.js';
import { translationSection } from '../demo/translation.js';
import { formatDuration } from '../duration.js';
import { EXIT } from '../exit-codes.js';
import { packageVersion } from '../package-version.js';

const SECTIONS: readonly DemoSection[] = [storageTransferSection, contactCenterSection, translationSection];

/**
 * Runs the sections one after another. Every outcome it shows is checked,
 * so the demo exits 1 if the library misbehaves; Ctrl-C stops it (130).
 */
export async function demo(ctx: CommandContext): Promise<number> {
  const n = new Narrator(ctx.io);
  const startedAt = Date.now();
  n.say(`lro demo · longrunning ${packageVersion()}`);
  n.say('Three services, each emulated in this process on loopback ports; every step is a real gRPC or REST call.');
  const calls: EmulatorCalls[] = [];
  for (const section of SECTIONS) calls.push(await section(n, ctx.io.interrupt));
  const total = calls.reduce((sum, c) => sum + c.total, 0);
  const grpc = calls.reduce((sum, c) => sum + c.byTransport.grpc, 0);
  const rest = calls.reduce((sum, c) => sum + c.byTransport.rest, 0);
  n.say();
  n.say(`Done in ${formatDuration(Date.now() - startedAt)}: 3 services, ${total} RPCs (${grpc} over gRPC, ${rest} over REST).`);
  return EXIT.OK;
}
