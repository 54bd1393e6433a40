// The demo's voice: headings, steps and indented detail on stdout, and a check that what it shows really happened.
import type { CliIo } from '../context.js';
import { DemoCheckFailed } from '../exit-codes.js';
import { ProgressLine } from '../progress-line.js';

/** Writes the demo's narrative. */
export class Narrator {
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
  }

  /** A section heading, with a blank line before it. */
  heading(text: string): void {
    this.#io.stdout.write(`\n${text}\n${'─'.repeat(Math.min(72, [...text].length))}\n`);
  }

  /** A line of narrative. */
  say(text = ''): void {
    this.#io.stdout.write(`${text}\n`);
  }

  /** Lines indented under the last one. */
  detail(lines: string | readonly string[], indent = '    '): void {
    for (const line of typeof lines === 'string' ? [lines] : lines) this.#io.stdout.write(`${indent}${line}\n`);
  }

  /** A progress display for one wait: redrawn in place on a terminal, a line per change otherwise. */
  progress(label: string): ProgressLine {
    return new ProgressLine(this.#io.stdout, label, { indent: '    ' });
  }

  /** @throws DemoCheckFailed when `condition` is false. */
  check(condition: unknown, what: string): asserts condition {
    if (!condition) throw new DemoCheckFailed(`demo check failed: ${what}`);
  }
}
