// Writes src/generated/version.ts from package.json. `npm version` runs it (the `version` script);
// test/generated-version.test.ts fails until the two agree.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { readPackage, renderVersionModule, VERSION_MODULE } from './version-module.js';

writeFileSync(VERSION_MODULE, renderVersionModule(readPackage()));
console.log(`wrote ${relative(process.cwd(), VERSION_MODULE)}`);
