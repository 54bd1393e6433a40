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

describe('the fallbacks of a profile that gives only its methods', () => {
  const plain = defineServiceProfile({
    id: 'builds',
    title: 'Builds',
    methods: { ...methods, cancel: { http: 'POST /v1/{name=builds/*}:cancel', grpc: false }, wait: { grpc: true } },
    list: { maxPageSize: 10, filterRequired: true },
  });

  it('help: a summary of its RPCs and a note made from its list rules', () => {
    expect(plain.help).toEqual({
      summary: 'Builds: Get, List, Cancel (REST only), Wait (gRPC only)',
      list: 'a filter is required; at most 10 per page',
      exampleFilter: undefined,
    });
    expect(defineServiceProfile({ id: 'bare', methods }).help.list).toBeUndefined();
  });

  it('examples: generic state words, a StringValue response, no descriptor', async () => {
    expect(plain.examples.states).toEqual({ running: 'RUNNING', success: 'SUCCEEDED', failure: 'FAILED', cancel: 'CANCELLED' });
    expect(plain.examples.response).toEqual({ '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'all done' });
    expect(await plain.examples.descriptor()).toBeUndefined();
  });

  it('list: done=true and done=false, anything else refused with a TypeError', () => {
    const op = { name: 'builds/b', done: true, errorCode: undefined, projectId: 'p', jobName: 'j' };
    expect(plain.list.compileFilter('done=true')(op)).toBe(true);
    expect(plain.list.compileFilter('Done = FALSE')(op)).toBe(false);
    expect(() => plain.list.compileFilter('state=x')).toThrow(TypeError);
  });
});

describe('help', () => {
  it.each([
    [{ help: { summary: '' } }, /help\.summary must be a non-empty string/],
    [{ help: { list: 3 } }, /help\.list must be a non-empty string/],
  ])('refuses %j with a TypeError naming the field', (extra, message) => {
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(message);
  });
});
