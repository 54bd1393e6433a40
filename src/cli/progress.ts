// How far an operation has got, read from its metadata: a percent field, or done/total counters, and a state name.

/** What the metadata says about progress; every field is optional. */
export interface Progress {
  /** 0 to 100. */
  readonly percent?: number;
  /** Units done so far, with `total` and `unit`. */
  readonly done?: number;
  readonly total?: number;
  readonly unit?: string;
  /** The service's own state name, e.g. `IN_PROGRESS`, `RUNNING`. */
  readonly state?: string;
}

// Fields that hold a percentage, in the spellings services use.
const PERCENT_KEYS = [
  'progressPercent',
  'progress_percent',
  'progressPercentage',
  'percentComplete',
  'percent_complete',
  'percentDone',
  'progress',
];

// Pairs of done/total counters, the most telling first. Storage Transfer counts bytes and objects; others pages, characters, analyses.
const COUNTER_PAIRS: readonly (readonly [done: string, total: string, unit: string])[] = [
  ['bytesCopiedToSink', 'bytesFoundFromSource', 'bytes'],
  ['objectsCopiedToSink', 'objectsFoundFromSource', 'objects'],
  ['translatedPages', 'totalPages', 'pages'],
  ['translatedCharacters', 'totalCharacters', 'characters'],
  ['completedAnalysesCount', 'totalRequestedAnalysesCount', 'analyses'],
  ['processedCount', 'totalCount', 'items'],
  ['completed', 'total', 'items'],
  ['processed', 'total', 'items'],
];

const STATE_KEYS = ['state', 'status', 'phase'];

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// int64 counters arrive as decimal strings in proto3 JSON.
function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

// The object itself, then its nested objects, breadth first, two levels down.
function* objectsIn(root: Obj): Generator<Obj> {
  let level: Obj[] = [root];
  for (let depth = 0; depth < 3 && level.length; depth++) {
    const next: Obj[] = [];
    for (const o of level) {
      yield o;
      for (const v of Object.values(o)) if (isObject(v)) next.push(v);
    }
    level = next;
  }
}

/**
 * Unwraps an Any in its JSON form: drops `@type`, and takes `value` of a
 * well-known type whose JSON is not an object (a Struct's fields).
 */
function fieldsOf(metadata: unknown): Obj | undefined {
  if (!isObject(metadata)) return undefined;
  if (typeof metadata['@type'] === 'string') {
    const { '@type': _type, ...rest } = metadata;
    const keys = Object.keys(rest);
    if (keys.length === 1 && keys[0] === 'value' && isObject(rest.value)) return rest.value;
    return rest;
  }
  return metadata;
}

/**
 * Reads progress from decoded metadata (a plain object, or the JSON form of
 * an Any). A percent field wins; otherwise the first counter pair with a
 * total above 0 gives both the counts and the percent. Returns `{}` when the
 * metadata says nothing about progress.
 */
export function progressOf(metadata: unknown): Progress {
  const root = fieldsOf(metadata);
  if (!root) return {};
  let percent: number | undefined;
  let counters: { done: number; total: number; unit: string } | undefined;
  let state: string | undefined;
  for (const o of objectsIn(root)) {
    if (percent === undefined) {
      for (const key of PERCENT_KEYS) {
        const n = numberOf(o[key]);
        if (n !== undefined && n >= 0 && n <= 100) {
          percent = n;
          break;
        }
      }
    }
    if (counters === undefined) {
      for (const [doneKey, totalKey, unit] of COUNTER_PAIRS) {
        const done = numberOf(o[doneKey]);
        const total = numberOf(o[totalKey]);
        if (total !== undefined && total > 0) {
          counters = { done: done ?? 0, total, unit };
          break;
        }
      }
    }
    if (state === undefined && o === root) {
      for (const key of STATE_KEYS) {
        const v = o[key];
        if (typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v)) {
          state = v;
          break;
        }
      }
    }
  }
  if (percent === undefined && counters) percent = Math.min(100, (counters.done / counters.total) * 100);
  return {
    ...(percent !== undefined ? { percent } : {}),
    ...(counters ?? {}),
    ...(state !== undefined ? { state } : {}),
  };
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units: `512 B`, `1.5 KiB`, `2.9 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${BYTE_UNITS[unit]}`;
}

/** A percentage without false precision: `7.5%`, `42%`; never 100% before the end. */
export function formatPercent(percent: number): string {
  if (percent < 10 && percent > 0 && !Number.isInteger(percent)) return `${(Math.floor(percent * 10) / 10).toFixed(1)}%`;
  return `${Math.floor(percent)}%`;
}

/** The counters as text: `1.2 GiB / 2.9 GiB`, `12 / 40 objects`. */
export function formatCounters(p: Progress): string | undefined {
  if (p.done === undefined || p.total === undefined) return undefined;
  if (p.unit === 'bytes') return `${formatBytes(p.done)} / ${formatBytes(p.total)}`;
  return `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} ${p.unit ?? ''}`.trimEnd();
}

/** Progress in one short phrase: `42% · 1.2 GiB / 2.9 GiB · IN_PROGRESS`; '' when there is nothing to say. */
export function describeProgress(p: Progress): string {
  const parts: string[] = [];
  if (p.percent !== undefined) parts.push(formatPercent(p.percent));
  const counters = formatCounters(p);
  if (counters) parts.push(counters);
  if (p.state) parts.push(p.state);
  return parts.join(' · ');
}

/** A bar of `width` cells for a percent: `[######------]`. */
export function progressBar(percent: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.floor((percent / 100) * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
