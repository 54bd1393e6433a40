import { describe, expect, it } from 'vitest';
import { POLL_DEFAULTS } from '../../src/index.js';
import { resolvePollOptions } from '../../src/poller/poll-options.js';

describe('resolvePollOptions: lateness and multiplier', () => {
  it('follows lateness by default, from a first poll at 220 ms', () => {
    const o = resolvePollOptions();
    expect(o.lateness).toBe(POLL_DEFAULTS.lateness);
    expect(POLL_DEFAULTS).toMatchObject({ lateness: 0.4, initialDelayMs: 220, maxDelayMs: 30_000, jitter: 0.1 });
    expect(resolvePollOptions({ initialDelayMs: 1_000, maxDelayMs: 5_000, jitter: 0 }).lateness).toBe(0.4);
  });

  it('takes the attempt-based schedule when a multiplier is given, as before there was a lateness', () => {
    expect(resolvePollOptions({ multiplier: 2 })).toMatchObject({ lateness: undefined, multiplier: 2 });
  });

  it('lets the last layer that says choose, and a layer that gives both follow lateness', () => {
    expect(resolvePollOptions({ multiplier: 2 }, { lateness: 0.2 }).lateness).toBe(0.2);
    expect(resolvePollOptions({ lateness: 0.2 }, { multiplier: 2 }).lateness).toBeUndefined();
    expect(resolvePollOptions({ multiplier: 2 }, { timeoutMs: 5 }).lateness).toBeUndefined();
    expect(resolvePollOptions({ lateness: 0.2, multiplier: 2 }).lateness).toBe(0.2);
    expect(resolvePollOptions(POLL_DEFAULTS).lateness).toBe(0.4);
  });

  it.each([0, -1, NaN, Infinity, '0.5', null])('refuses lateness %s with a TypeError naming it', (lateness) => {
    expect(() => resolvePollOptions({ lateness: lateness as number })).toThrow(TypeError);
    expect(() => resolvePollOptions({ lateness: lateness as number })).toThrow(/lateness/);
  });
});

describe('resolvePollOptions: progress', () => {
  it('takes a function or false, later layers first', () => {
    const read = () => 0.5;
    expect(resolvePollOptions().progress).toBeUndefined();
    expect(resolvePollOptions({ progress: read }).progress).toBe(read);
    expect(resolvePollOptions({ progress: read }, { progress: false }).progress).toBe(false);
  });

  it.each([0.5, 'counters', {}, true])('refuses progress %j with a TypeError naming it', (progress) => {
    expect(() => resolvePollOptions({ progress: progress as never })).toThrow(TypeError);
    expect(() => resolvePollOptions({ progress: progress as never })).toThrow(/progress/);
  });
});
