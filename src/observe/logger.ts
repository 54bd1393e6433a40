// The client's `logger` option, and the LONGRUNNING_DEBUG switch that logs to stderr when no logger is given.

/** Fields that go with a log line: plain values, safe to print (credentials are redacted before they get here). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where a client tells what it does. `console` fits, and so does any logger
 * with these four methods (pino, winston, bunyan: the message comes first,
 * the fields second).
 *
 * - `debug`: each call's start (method, name, transport, the headers it
 *   adds, redacted) and end (code, duration, attempts); each wait's end.
 * - `info`: each retry of a transient failure, with its code and delay.
 * - `warn`, `error`: not used yet; a logger must still have them.
 *
 * Nothing a client logs holds a credential: `authorization`, API keys and
 * every header given in the client's `headers` are printed as `[redacted]`.
 */
export interface Logger {
  /** A call's start and end, a wait's end. */
  debug(message: string, fields?: LogFields): void;
  /** A retry of a transient failure. */
  info(message: string, fields?: LogFields): void;
  /** Not used yet. */
  warn(message: string, fields?: LogFields): void;
  /** Not used yet. */
  error(message: string, fields?: LogFields): void;
}

/** The log levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Checks the `logger` option: undefined, or an object with the four methods.
 * @throws TypeError naming the option and the method that is missing.
 */
export function checkLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new TypeError('logger must be an object with debug, info, warn and error methods');
  for (const level of LOG_LEVELS) {
    if (typeof (value as Record<string, unknown>)[level] !== 'function') throw new TypeError(`logger.${level} must be a function`);
  }
  return value as Logger;
}

/**
 * True when the environment variable LONGRUNNING_DEBUG is set to anything
 * but empty, `0` or `false` (any case). Where there is no `process` (a
 * browser), false.
 */
export function debugSwitchOn(): boolean {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.LONGRUNNING_DEBUG;
  const v = value?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

function line(level: LogLevel, message: string, fields: LogFields | undefined): string {
  let tail = '';
  if (fields && Object.keys(fields).length > 0) {
    try {
      tail = ` ${JSON.stringify(fields)}`;
    } catch {
      // Fields that do not serialise (a cycle) are left out rather than throw from a log call.
    }
  }
  return `longrunning ${level}: ${message}${tail}`;
}

/** The LONGRUNNING_DEBUG logger: one line per entry on stderr (console.error, so a browser's console too). */
export const stderrLogger: Logger = Object.freeze({
  debug: (message: string, fields?: LogFields) => console.error(line('debug', message, fields)),
  info: (message: string, fields?: LogFields) => console.error(line('info', message, fields)),
  warn: (message: string, fields?: LogFields) => console.error(line('warn', message, fields)),
  error: (message: string, fields?: LogFields) => console.error(line('error', message, fields)),
});

// A logger that throws must not fail the call it tells of.
function safe(logger: Logger): Logger {
  const guarded = (level: LogLevel) => (message: string, fields?: LogFields) => {
    try {
      logger[level](message, fields);
    } catch {
      // Dropped: logging is never a reason for a call to fail.
    }
  };
  return { debug: guarded('debug'), info: guarded('info'), warn: guarded('warn'), error: guarded('error') };
}

/**
 * The logger a client uses: the one given, else {@link stderrLogger} when
 * LONGRUNNING_DEBUG is on, else none (undefined: nothing is logged, and
 * nothing is formatted to be logged). A logger method that throws is ignored.
 */
export function chooseLogger(given: Logger | undefined): Logger | undefined {
  const logger = given ?? (debugSwitchOn() ? stderrLogger : undefined);
  return logger && safe(logger);
}
