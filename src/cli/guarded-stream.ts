// The process's stdout or stderr as lro writes to it: the first write error is caught and handed on, later writes are dropped.
import type { ProgressStream } from './progress-line.js';

/** What the guard needs of a stream; process.stdout and process.stderr have it. */
export interface ErrorEmittingStream extends ProgressStream {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A stream that never throws and never crashes the process: without an
 * 'error' listener, a reader that closes the pipe (`lro wait … 2>&1 | head -1`)
 * would end lro with an unhandled 'error' event. After the first error,
 * `writable` is false and writes do nothing.
 */
export class GuardedStream implements ProgressStream {
  readonly #stream: ErrorEmittingStream;
  readonly #onFailure: (error: NodeJS.ErrnoException) => void;
  #failure: NodeJS.ErrnoException | undefined;

  /** @param onFailure called once, with the first error (EPIPE when the reader went away). */
  constructor(stream: ErrorEmittingStream, onFailure: (error: NodeJS.ErrnoException) => void = () => {}) {
    this.#stream = stream;
    this.#onFailure = onFailure;
    stream.on('error', (error) => this.#fail(error));
  }

  /** The error that ended writing, if any. */
  get failure(): NodeJS.ErrnoException | undefined {
    return this.#failure;
  }

  /** False once writing failed or the stream was closed. */
  get writable(): boolean {
    return this.#failure === undefined && this.#stream.writable !== false;
  }

  get isTTY(): boolean | undefined {
    return this.#stream.isTTY;
  }

  get columns(): number | undefined {
    return this.#stream.columns;
  }

  /** Writes, or does nothing once writing has failed. */
  write(text: string): boolean {
    if (this.#failure) return false;
    try {
      return this.#stream.write(text) !== false;
    } catch (error) {
      // Streams report errors as events; a stream that throws instead is treated alike.
      this.#fail(error as NodeJS.ErrnoException);
      return false;
    }
  }

  #fail(error: NodeJS.ErrnoException): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#onFailure(error);
  }
}
