// The REST JSON of an Operation is read strictly: any JSON gives an Operation whose fields have their types, or a
// MalformedResponseError naming the field; nothing is coerced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/index.js';
import { operationFromJson, pageFromJson } from '../../src/operation-json.js';

const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
const operationLike = fc.record({ name: field, done: field, metadata: field, error: field, response: field }, { requiredKeys: [] });

describe('operationFromJson', () => {
  it('reads any JSON as an Operation of the right types or refuses it naming the field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), operationLike), (json) => {
        let op;
        try {
          op = operationFromJson(json);
        } catch (err) {
          expect(err).toBeInstanceOf(MalformedResponseError);
          return;
        }
        expect(typeof op.name).toBe('string');
        expect(typeof op.done).toBe('boolean');
        const j = json as Record<string, unknown>;
        // Nothing coerced: what came is what is read, or the field was absent or null.
        expect(op.name).toBe(j.name ?? '');
        expect(op.done).toBe(j.done ?? false);
        if (!op.done) expect(op.error ?? op.response).toBeUndefined();
        if (op.error) expect(Number.isInteger(op.error.code)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('names the field of the wrong type', () => {
    const field = (json: unknown) => {
      try {
        operationFromJson(json);
      } catch (err) {
        return (err as MalformedResponseError).field;
      }
      return 'accepted';
    };
    expect(field({ name: 'operations/x', done: 'yes' })).toBe('done');
    expect(field({ name: 5 })).toBe('name');
    expect(field(null)).toBeUndefined();
    expect(field([])).toBeUndefined();
    expect(field({ name: 'operations/x', done: true, error: { code: 1.5 } })).toBe('error.code');
    expect(field({ name: 'operations/x', done: true, response: [] })).toBe('response');
    expect(field({ name: 'operations/x', done: null, metadata: null })).toBe('accepted');
  });
});

describe('pageFromJson', () => {
  it('names the operation and the field in a page', () => {
    try {
      pageFromJson({ operations: [{ name: 'a' }, { name: 'b', done: 1 }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect((err as MalformedResponseError).field).toBe('operations[1].done');
    }
    expect(() => pageFromJson({ nextPageToken: 7 })).toThrow(MalformedResponseError);
    expect(() => pageFromJson({ unreachable: [1] })).toThrow(MalformedResponseError);
  });
});
