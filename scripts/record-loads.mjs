// Preloaded with `node --import ./scripts/record-loads.mjs`: writes the modules the process loads, one URL a line, to the
// file that LONGRUNNING_RECORD_LOADS names. ES modules, files and Node's built-ins (node:…) alike, are heard by a resolve
// hook as they are imported; CommonJS files (@grpc/grpc-js, google-gax and their dependencies require() each other) are
// read from the require cache when the process exits.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.LONGRUNNING_RECORD_LOADS;
if (!out) throw new Error('record-loads: set LONGRUNNING_RECORD_LOADS to the file to write');
writeFileSync(out, '');

const hook = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:') || result.url.startsWith('node:')) appendFileSync(file, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { file: out } });

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const cjs = Object.keys(cache).map((path) => pathToFileURL(path).href);
  if (cjs.length > 0) appendFileSync(out, cjs.join('\n') + '\n');
});
