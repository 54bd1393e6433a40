// lro --insecure against a host that is not loopback: refused before any call, in the words of lro's flags.
import { describe, expect, it } from 'vitest';
import { inProcess } from './cli-process.js';

describe('lro --insecure against a host that is not loopback', () => {
  it.each([
    [['get', 'operations/x', '--endpoint', 'example.test:443', '--insecure'], {}],
    [['get', 'operations/x'], { LRO_ENDPOINT: 'http://10.9.8.7:8080', LRO_INSECURE: '1' }],
  ])('is refused before any call, with exit 2 and the flag that would allow it: %j', async (argv, env) => {
    const r = await inProcess(argv, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('--dangerously-allow-insecure-remote');
    expect(r.stderr).not.toContain('dangerouslyAllowInsecureRemote');
  });

  it('goes ahead with --dangerously-allow-insecure-remote: what stops it then is the bad name, before any network call', async () => {
    const r = await inProcess(['get', '../bad', '--endpoint', 'example.test:443', '--insecure', '--dangerously-allow-insecure-remote']);
    // Past the connection check, the bad name is what stops it: refused by the service's profile, before any network call.
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^lro: INVALID_ARGUMENT/);
  });
});
