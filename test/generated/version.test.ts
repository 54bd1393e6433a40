// Guards the generated version module: it must say what package.json says, so the package names itself truly on the wire.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPackage, renderVersionModule, VERSION_COMMAND, VERSION_MODULE } from '../../scripts/version-module.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../src/generated/version.js';

const STALE = `src/generated/version.ts is stale: run ${VERSION_COMMAND}`;

describe('generated version', () => {
  it('is the name and version of package.json', () => {
    expect({ name: PACKAGE_NAME, version: PACKAGE_VERSION }, STALE).toEqual(readPackage());
  });

  it('is committed exactly as the generator writes it', () => {
    expect(readFileSync(VERSION_MODULE, 'utf8'), STALE).toBe(renderVersionModule(readPackage()));
  });

  it('is read at run time through no import at all, so src/ and dist/ read it alike', () => {
    expect(readFileSync(VERSION_MODULE, 'utf8')).not.toMatch(/^\s*import\s/m);
  });
});
