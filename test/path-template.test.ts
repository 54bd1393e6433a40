import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathTemplate } from '../src/path-template.js';

// Characters that can break out of a path segment, or out of the path, when a URL is parsed.
const HOSTILE = [
  '/',
  '\\',
  '.',
  '..',
  '%',
  '%2F',
  '%2f',
  '%2E',
  '?',
  '#',
  ':',
  ';',
  '@',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u2215',
  '\uff0f',
  'é',
];
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom(...HOSTILE),
  fc.array(fc.constantFrom(...HOSTILE, 'a', 'op-1'), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);

describe('the REST path builder', () => {
  const templates = [
    compilePathTemplate('/v1/{name=operations/**}'),
    compilePathTemplate('/v1/{name=operations/**}:cancel'),
    compilePathTemplate('/v1/{name=projects/*/locations/*/operations/*}'),
    compilePathTemplate('/v3/{name=users/*}/operations'),
  ];

  it('keeps every segment of an accepted name inside its own segment of the URL path, under the fixed prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.array(segment, { minLength: 1, maxLength: 6 }), (template, parts) => {
        // Fit the random segments into the pattern's literal parts.
        const pattern = template.pattern.split('/');
        const name = pattern.map((p, i) => (p === '*' || p === '**' ? (parts[i % parts.length] ?? 'x') : p)).join('/');
        if (!template.matches(name)) {
          expect(() => template.expand(name)).toThrow(TypeError);
          return;
        }
        const path = template.expand(name);
        const url = new URL(`https://example.test${path}`);
        // Nothing became a query, a fragment, another host, or a dot segment that the URL parser folds away.
        expect(url.host).toBe('example.test');
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        expect(url.pathname).toBe(path);
        const prefix = template.source.slice(0, template.source.indexOf('{'));
        expect(url.pathname.startsWith(prefix)).toBe(true);
        // Read back, the path gives the same name: no segment split in two or merged.
        expect(template.parse(path)).toBe(name);
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses dot segments, empty segments and names outside the pattern before any request', () => {
    const t = compilePathTemplate('/v1/{name=operations/**}');
    for (const bad of ['operations/..', 'operations/.', 'operations//x', 'operations/', '../operations/x', 'transferOperations/x', '']) {
      expect(t.matches(bad)).toBe(false);
      expect(() => t.expand(bad)).toThrow(TypeError);
    }
  });
});
