// npm run soak: the fault run of the suite at ten times its size, 20,000 waits per transport (a few minutes; not in CI).
import { parseArgs } from 'node:util';
import { runFaultScenario } from '../test/reliability/fault-scenario.js';

const { values } = parseArgs({
  options: {
    operations: { type: 'string', default: '20000' },
    transport: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '1' },
  },
});
const operations = Number(values.operations);
if (!Number.isInteger(operations) || operations < 1) throw new TypeError('--operations must be a positive integer');
const transports = values.transport === 'both' ? (['grpc', 'rest'] as const) : ([values.transport] as ['grpc' | 'rest']);
let failed = false;
for (const transport of transports) {
  const figures = await runFaultScenario({
    operations,
    transport,
    maxDurationMs: 20_000,
    unavailableRate: 0.2,
    hangRate: 0.05,
    maxLatencyMs: 20,
    restarts: 2,
    deadlineMs: 300_000,
    seed: Number(values.seed),
  });
  console.log(JSON.stringify(figures));
  if (figures.correct !== figures.operations || figures.settledTwice || figures.unhandledRejections) failed = true;
}
process.exitCode = failed ? 1 : 0;
