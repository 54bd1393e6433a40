// The progress of a wait on stderr: one line redrawn in place on a terminal, a plain line per change otherwise.
import { formatDuration } from './duration.js';
import { describeProgress, progressBar, type Progress } from './progress.js';

/** Where progress is written: stderr, or anything with the same few members. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  /** False once the stream cannot be written (its reader went away): drawing stops. */
  readonly writable?: boolean | undefined;
}

/** One state of the wait, as the line shows it. */
export interface ProgressState {
  readonly progress: Progress;
  /** Polls made so far. */
  readonly polls: number;
  /** What is wrong for now, e.g. `GetOperation failing: UNAVAILABLE; retrying`; shown on the live line only. */
  readonly problem?: string | undefined;
}

/** The frames of the spinner a live line turns through. */
export const SPINNER: readonly string[] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Carriage return, then erase the line: the redraw. */
export const CLEAR_LINE = '\r\x1b[2K';

/**
 * Shows a wait's progress. On a terminal, one line is redrawn in place
 * (`\r` and erase-line) with elapsed time ticking between polls; elsewhere
 * each change is one plain line, so logs stay readable.
 */
export class ProgressLine {
  readonly #stream: ProgressStream;
  readonly #label: string;
  readonly #live: boolean;
  readonly #indent: string;
  readonly #startedAt = Date.now();
  #state: ProgressState = { progress: {}, polls: 0 };
  #lastPlain = '';
  #frame = 0;
  #ticker: NodeJS.Timeout | undefined;
  #drawn = false;

  /**
   * @param label what is waited on, usually the operation's name.
   * @param options.live redraw in place; by default, when the stream is a terminal.
   * @param options.indent written before each line.
   */
  constructor(stream: ProgressStream, label: string, options: { live?: boolean; indent?: string } = {}) {
    this.#stream = stream;
    this.#label = label;
    this.#live = options.live ?? stream.isTTY === true;
    this.#indent = options.indent ?? '';
    const live = this.#live;
    if (live) {
      this.#ticker = setInterval(() => this.#draw(), 120);
      this.#ticker.unref();
    }
  }

  /** Whether the line is redrawn in place. */
  get live(): boolean {
    return this.#live;
  }

  /** Shows a new state: redraws the line, or writes one when what it says has changed. */
  update(state: ProgressState): void {
    this.#state = state;
    if (this.#closed()) return;
    if (this.#live) {
      this.#draw();
      return;
    }
    const described = describeProgress(state.progress) || 'running';
    if (described === this.#lastPlain) return;
    this.#lastPlain = described;
    this.#stream.write(
      `${this.#indent}${this.#label}: ${described} (${formatDuration(Date.now() - this.#startedAt)}, ${state.polls} ${state.polls === 1 ? 'poll' : 'polls'})\n`,
    );
  }

  /** Stops the ticker and erases the live line, leaving the terminal as it was. */
  stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (this.#live && this.#drawn) this.#stream.write(CLEAR_LINE);
    this.#drawn = false;
  }

  // A stream that can no longer be written ends the drawing, ticker and all.
  #closed(): boolean {
    if (this.#stream.writable !== false) return false;
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#drawn = false;
    return true;
  }

  #draw(): void {
    if (this.#closed()) return;
    const { progress, polls, problem } = this.#state;
    const spinner = SPINNER[this.#frame++ % SPINNER.length];
    // The name goes last: on a narrow terminal it is what gets cut, not the progress.
    const parts = [`${this.#indent}${spinner}`];
    if (progress.percent !== undefined) parts.push(progressBar(progress.percent, 16));
    const described = describeProgress(progress);
    if (described) parts.push(described);
    parts.push(`${formatDuration(Date.now() - this.#startedAt)} · ${polls} ${polls === 1 ? 'poll' : 'polls'}`);
    if (problem) parts.push(problem);
    parts.push(this.#label);
    let line = parts.join('  ');
    const width = (this.#stream.columns || 80) - 1;
    // A line that wraps cannot be redrawn with \r: cut it to the terminal's width.
    if ([...line].length > width) line = `${[...line].slice(0, Math.max(1, width - 1)).join('')}…`;
    this.#stream.write(`${CLEAR_LINE}${line}`);
    this.#drawn = true;
  }
}
