// lro demo: the whole narrative runs, every check in it holds, and it ends well within 30 s.
import { afterAll, expect, test } from 'vitest';
import { killStragglers, runLro } from './cli-process.js';

afterAll(killStragglers);

test('lro demo runs end to end and exits 0', { timeout: 40_000 }, async () => {
  const r = await runLro(['demo'], {}, 35_000);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.ms).toBeLessThan(30_000);
  expect(r.stdout).toContain('1. Storage Transfer');
  expect(r.stdout).toContain('{"projectId":"demo-project","transferStatuses":["IN_PROGRESS"]}');
  expect(r.stdout).toMatch(/done after .* polls: 100% · 3\.0 GiB \/ 3\.0 GiB · SUCCESS/);
  expect(r.stdout).toContain("'error'     OperationCancelledError, code 1 (CANCELLED)");
  expect(r.stdout).toContain('reason: GLOSSARY_NOT_READY');
  expect(r.stdout).toContain('resumed over gRPC');
  expect(r.stdout).toMatch(/^Done in .*: 3 services, \d+ RPCs/m);
});
