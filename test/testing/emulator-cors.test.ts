import { describe, expect, it } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator } from '../../src/testing/index.js';

const PAGE = 'http://127.0.0.1:5173';

function preflight(endpoint: string, path: string, origin: string): Promise<Response> {
  return fetch(endpoint + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

describe('the emulator answers CORS when asked to', () => {
  it('by default: no CORS headers, and a preflight is no route (404)', async () => {
    await using emulator = await startEmulator();
    const op = emulator.create({ durationMs: 60_000 });
    const get = await fetch(`${emulator.restEndpoint}/v1/${op.name}`, { headers: { origin: PAGE } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await preflight(emulator.restEndpoint, `/v1/${op.name}:cancel`, PAGE);
    expect(pre.status).toBe(404);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('for an allowed origin: the origin echoed on calls and errors, and preflights answered 204 without counting a call', async () => {
    await using emulator = await startEmulator({ cors: [PAGE, 'http://localhost:5173'] });
    const op = emulator.create({ durationMs: 60_000 });
    const get = await fetch(`${emulator.restEndpoint}/v1/${op.name}`, { headers: { origin: PAGE } });
    expect(get.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(get.headers.get('vary')).toBe('origin');
    const missing = await fetch(`${emulator.restEndpoint}/v1/operations/none`, { headers: { origin: PAGE } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(PAGE);

    const pre = await preflight(emulator.restEndpoint, `/v1/${op.name}:cancel`, PAGE);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(emulator.calls.byMethod.cancel).toBe(0);
  });

  it('for another origin: nothing, preflight included', async () => {
    await using emulator = await startEmulator({ cors: PAGE });
    const op = emulator.create({ durationMs: 60_000 });
    const get = await fetch(`${emulator.restEndpoint}/v1/${op.name}`, { headers: { origin: 'http://elsewhere.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(emulator.restEndpoint, `/v1/${op.name}:cancel`, 'http://elsewhere.test')).status).toBe(404);
  });

  it('with cors: true, any origin, as *; kept across a restart', async () => {
    await using emulator = await startEmulator({ profile: services.standard, cors: true });
    await emulator.restart();
    const op = emulator.create({ durationMs: 60_000 });
    const get = await fetch(`${emulator.restEndpoint}/v1/${op.name}`, { headers: { origin: 'http://elsewhere.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a cors option of another kind, naming it', async () => {
    await expect(startEmulator({ cors: 'localhost' })).rejects.toThrow(TypeError);
    await expect(startEmulator({ cors: 'localhost' })).rejects.toThrow(/cors/);
    await expect(startEmulator({ cors: 5 as unknown as boolean })).rejects.toThrow(TypeError);
  });
});
