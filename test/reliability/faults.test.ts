import { describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../helpers/setup.js';
import { runFaultScenario } from './fault-scenario.js';

describe('2,000 waits through faults: 20% UNAVAILABLE, 5% hanging, random latency, two restarts', () => {
  for (const transport of TRANSPORTS) {
    it(`every wait settles once, with the outcome the emulator recorded, over ${transport}`, { timeout: 180_000 }, async () => {
      const figures = await runFaultScenario({
        operations: 2_000,
        transport,
        maxDurationMs: 4_000,
        unavailableRate: 0.2,
        hangRate: 0.05,
        maxLatencyMs: 20,
        restarts: 2,
        deadlineMs: 120_000,
        seed: transport === 'grpc' ? 7 : 8,
      });
      console.log(`faults over ${transport}: ${JSON.stringify(figures)}`);
      expect(figures).toMatchObject({ correct: 2_000, lost: 0, settledTwice: 0, wrong: 0, unhandledRejections: 0 });
    });
  }
});
