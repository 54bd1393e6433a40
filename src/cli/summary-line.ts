// The progress of `lro wait` on many operations: one summary line redrawn in place on a terminal, a plain line now and then otherwise.
import { formatDuration } from './duration.js';
import { CLEAR_LINE, SPINNER, type ProgressStream } from './progress-line.js';

/** How often, at most, a plain (not live) summary line is written. */
const PLAIN_EVERY_MS = 5_000;

/**
 * Shows how far a wait on many operations has got, as one phrase
 * (`12/40 done · 1 failed`). On a terminal it is one line, redrawn in place
 * with a spinner and the time so far; elsewhere a plain line is written when
 * the phrase changes, at most every 5 s, so a log of 10,000 outcomes does
 * not get 10,000 progress lines besides.
 */
export class SummaryLine {
  readonly #stream: ProgressStream;
  readonly #live: boolean;
  readonly #startedAt = Date.now();
  #text = '';
  #lastPlainAt = this.#startedAt;
  #lastPlain = '';
  #frame = 0;
  #ticker: NodeJS.Timeout | undefined;
  #drawn = false;

  /** @param options.live redraw in place; by default, when the stream is a terminal. */
  constructor(stream: ProgressStream, text: string, options: { live?: boolean } = {}) {
    this.#stream = stream;
    this.#live = options.live ?? stream.isTTY === true;
    this.#text = text;
    if (this.#live) {
      this.#ticker = setInterval(() => this.#draw(), 120);
      this.#ticker.unref();
      this.#draw();
    }
  }

  /**
   * Shows a new phrase. `above` writes a line on another stream that may
   * share the terminal (stdout): the live line is erased first and redrawn
   * after it, so the two never mix.
   */
  update(text: string, above?: () => void): void {
    this.#text = text;
    if (this.#live) {
      if (above && this.#drawn) {
        this.#stream.write(CLEAR_LINE);
        this.#drawn = false;
      }
      above?.();
      this.#draw();
      return;
    }
    above?.();
    const now = Date.now();
    if (text === this.#lastPlain || now - this.#lastPlainAt < PLAIN_EVERY_MS || this.#stream.writable === false) return;
    this.#lastPlain = text;
    this.#lastPlainAt = now;
    this.#stream.write(`${text} (${formatDuration(now - this.#startedAt)})\n`);
  }

  /** Stops the ticker and erases the live line. */
  stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (this.#drawn) this.#stream.write(CLEAR_LINE);
    this.#drawn = false;
  }

  #draw(): void {
    if (this.#stream.writable === false) {
      this.stop();
      return;
    }
    const spinner = SPINNER[this.#frame++ % SPINNER.length];
    let line = `${spinner}  ${this.#text}  ${formatDuration(Date.now() - this.#startedAt)}`;
    const width = (this.#stream.columns || 80) - 1;
    if ([...line].length > width) line = `${[...line].slice(0, Math.max(1, width - 1)).join('')}…`;
    this.#stream.write(`${CLEAR_LINE}${line}`);
    this.#drawn = true;
  }
}
