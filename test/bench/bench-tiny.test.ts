// The benchmark's --tiny run, as CI runs it: it exits 0 and writes every scenario's figures as finite numbers. Nothing is asserted on time.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/bench-options.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The run's own watchdog is far longer; this one only keeps a hung run from holding the suite. */
const RUN_LIMIT_MS = 150_000;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly json: unknown;
}

let dir: string;
let run: Run;

function runTiny(out: string): Promise<Omit<Run, 'json'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/main.ts', '--tiny', '--out', out], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-tiny-'));
  const out = join(dir, 'tiny.json');
  const ran = await runTiny(out);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(out, 'utf8'));
  } catch {
    json = undefined;
  }
  run = { ...ran, json };
}, RUN_LIMIT_MS + 5_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run bench -- --tiny', () => {
  it('exits 0 and writes its JSON', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toBeTypeOf('object');
  });

  it('has every scenario, each with figures that are all finite numbers', () => {
    const scenarios = (run.json as { scenarios?: Record<string, { figures?: Record<string, unknown> }> }).scenarios ?? {};
    expect(Object.keys(scenarios).sort()).toEqual([...SCENARIOS].sort());
    for (const id of SCENARIOS) {
      const figures = scenarios[id]?.figures ?? {};
      expect(Object.keys(figures).length, `${id} has figures`).toBeGreaterThan(0);
      const notFinite = Object.entries(figures).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
      expect(notFinite, `${id}: figures that are not finite numbers`).toEqual([]);
    }
  });

  it('checks its targets with finite figures', () => {
    const targets = (run.json as { targets?: { id: string; limit: unknown; measured: unknown; met: unknown }[] }).targets ?? [];
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect(Number.isFinite(t.limit) && Number.isFinite(t.measured), t.id).toBe(true);
      expect(typeof t.met, t.id).toBe('boolean');
    }
  });
});
