// --format: text for people, json (one document per line), or value(FIELD,...) as gcloud prints it, a line per record.
import type { JsonValue } from '../index.js';
import { UsageError } from './exit-codes.js';
import { booleanFlag, stringFlag, type FlagValues } from './flags.js';

/** One field of `value(...)`: a dotted path into a record's JSON, `[n]` or a number for a list item. */
export interface FieldPath {
  /** As written: `metadata.counters.bytesCopiedToSink`, `error.details[0].reason`. */
  readonly text: string;
  readonly steps: readonly (string | number)[];
}

/** How a command prints what it has to say on stdout. */
export type OutputFormat =
  { readonly kind: 'text' } | { readonly kind: 'json' } | { readonly kind: 'value'; readonly fields: readonly FieldPath[] };

/** The formats, as usage messages name them. */
export const FORMAT_CHOICES = 'text, json or value(FIELD[,FIELD...])';

const TEXT: OutputFormat = { kind: 'text' };
const JSON_FORMAT: OutputFormat = { kind: 'json' };

// A key is anything but the path's own punctuation; an index is digits in brackets.
const STEP = /^([^.[\](),\s]+)((?:\[\d+\])*)$/;

function fieldPath(text: string, format: string): FieldPath {
  const steps: (string | number)[] = [];
  for (const part of text.split('.')) {
    const m = STEP.exec(part);
    if (!m) throw new UsageError(`bad field '${text}' in --format '${format}'; write a dotted path such as metadata.state or error.code`);
    steps.push(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return { text, steps };
}

/**
 * Reads a `--format` value: `text`, `json`, or `value(f1,f2,...)` with
 * dotted paths as fields (spaces around them are dropped).
 * @throws UsageError naming the choices for anything else.
 */
export function parseFormat(text: string): OutputFormat {
  const t = text.trim();
  if (t === 'text') return TEXT;
  if (t === 'json') return JSON_FORMAT;
  const value = /^value\((.*)\)$/s.exec(t);
  if (!value) throw new UsageError(`unknown format '${text}' for --format; expected ${FORMAT_CHOICES}`);
  const fields = value[1]!.split(',').map((f) => f.trim());
  if (fields.some((f) => f === ''))
    throw new UsageError(
      `--format '${text}' names no field${fields.length > 1 ? ' between two commas' : ''}; e.g. value(name) or value(name,done)`,
    );
  return { kind: 'value', fields: fields.map((f) => fieldPath(f, text)) };
}

/**
 * The format the flags ask for: `--format`, or `--json` (its short form
 * for `--format json`); text when neither is given.
 * @throws UsageError for a bad format, or `--json` beside another format.
 */
export function outputFormatFrom(flags: FlagValues): OutputFormat {
  const given = stringFlag(flags, 'format');
  const json = booleanFlag(flags, 'json');
  if (given === undefined) return json ? JSON_FORMAT : TEXT;
  const format = parseFormat(given);
  if (json && format.kind !== 'json') throw new UsageError(`--json is --format json, and --format says '${given}'; give one`);
  return format;
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `bytes_copied` as proto3 JSON spells it: `bytesCopied`. */
function lowerCamel(key: string): string {
  return key.replace(/_([a-z\d])/g, (_, c: string) => c.toUpperCase());
}

/** The value at a path, or undefined where the record has none; a snake_case key finds its lowerCamelCase field too. */
export function valueAt(record: JsonValue, path: FieldPath): JsonValue | undefined {
  let v: JsonValue | undefined = record;
  for (const step of path.steps) {
    if (typeof step === 'number' && Array.isArray(v)) v = v[step];
    else if (isObject(v)) {
      const key = String(step);
      v = Object.hasOwn(v, key) ? v[key] : Object.hasOwn(v, lowerCamel(key)) ? v[lowerCamel(key)] : undefined;
    } else return undefined;
  }
  return v;
}

// Tabs and line ends inside a value would break the line into more fields or more records.
function escaped(text: string): string {
  return text.replace(/[\t\n\r]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function isScalar(v: JsonValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

/**
 * One field as `value()` writes it: a string as it is, a number or boolean
 * in JSON, nothing for a missing field or null, a list of plain values
 * joined by `;` (as gcloud does), any other object or list as compact JSON.
 */
export function fieldText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return escaped(v);
  if (Array.isArray(v) && v.every(isScalar)) return v.map(fieldText).join(';');
  return escaped(JSON.stringify(v));
}

/**
 * A record as a line of stdout, without the newline: compact JSON, or the
 * `value()` fields separated by tabs. Text is each command's own.
 */
export function recordLine(format: Exclude<OutputFormat, { kind: 'text' }>, record: JsonValue): string {
  if (format.kind === 'json') return JSON.stringify(record);
  return format.fields.map((f) => fieldText(valueAt(record, f))).join('\t');
}
