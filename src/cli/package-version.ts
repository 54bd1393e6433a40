// The package's version, read from its package.json at run time.
import { readFileSync } from 'node:fs';

/** The package's version, from the package.json two folders up (from src/cli or dist/cli alike). */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
