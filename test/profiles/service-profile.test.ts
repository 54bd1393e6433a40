// defineServiceProfile: the optional parts a profile may carry are checked, and named, when it is defined.
import { describe, expect, it } from 'vitest';
import { defineServiceProfile } from '../../src/index.js';

const methods = { get: { http: 'GET /v1/{name=builds/*}' }, list: { http: 'GET /v1/{name=builds}' } } as const;

describe('defineServiceProfile', () => {
  it.each([
    [{ list: { compileFilter: 'done=true' } }, /list\.compileFilter must be a function/],
    [{ list: { validateFilter: 1 } }, /list\.validateFilter must be a function/],
    [{ examples: { metadata: {} } }, /examples\.metadata must be a function/],
    [{ examples: { response: 'done' } }, /examples\.response must be a JSON payload/],
    [{ examples: { states: { running: '' } } }, /examples\.states\.running must be a non-empty string/],
  ])('refuses %j with a TypeError naming the field', (extra, message) => {
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(TypeError);
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(message);
  });
});
