// Stop waiting with a signal, save a token, and pick the wait up in another process: the operation runs on meanwhile.
// Run: npx tsx examples/abort-and-resume.ts
// (It runs itself a second time, as `... abort-and-resume.ts resume ENDPOINT TOKEN`, to play the second process.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

const profile = services.gdcTranslation;

interface Translated {
  translatedPages: number;
}

if (process.argv[2] === 'resume') {
  // Second process: all it needs is where the service is and the token.
  const [, , , endpoint, token] = process.argv;
  await using client = new OperationsClient({ endpoint: endpoint!, transport: 'rest', insecure: true, service: profile });
  // The response is a google.protobuf.Struct: format 'json' reads it as the plain object it stands for.
  const response = await client.poller<Translated>(token!, { format: 'json' });
  console.log(`second process: resumed and done, ${response?.translatedPages} pages translated`);
} else {
  // A stand-in for the translation service: a document that takes 2.5 s.
  await using emulator = await startEmulator({ profile });
  const started = emulator.create({
    durationMs: 2_500,
    response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { translatedPages: 42 } },
  });

  // First process: wait until a signal fires. AbortSignal.timeout stands in for a shutdown (a controller aborted on SIGTERM, say).
  await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: profile });
  const poller = client.poller<Translated>(started.name);
  try {
    await poller.result({ signal: AbortSignal.timeout(500) });
  } catch (err) {
    // The wait rejects with the signal's reason (here a TimeoutError; AbortError for controller.abort()).
    if ((err as Error).name !== 'TimeoutError') throw err;
    console.log(`first process: stopped waiting (${(err as Error).name}); the operation is still running`);
  }

  // The token is small JSON: keep it in a database, a queue message, a file.
  const token = JSON.stringify(poller);
  console.log(`first process: saved ${token}`);

  // The second process, over REST this time, while this one keeps the stand-in service up.
  const second = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'resume', emulator.restEndpoint, token], {
    stdio: 'inherit',
  });
  const [code] = await once(second, 'exit');
  if (code !== 0) throw new Error(`the second process exited with ${code}`);
}
