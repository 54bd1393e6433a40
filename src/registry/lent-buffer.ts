// proto3-json-serializer reads the global Buffer, which browsers and edge runtimes lack. Where there is none, the
// registry lends a minimal one of its own for each conversion, which is synchronous, and takes it back straight after.
import { base64ToBytes, bytesToBase64 } from '../bytes.js';

// What proto3-json-serializer 3 asks of Buffer: isBuffer(); from() of bytes or an ArrayBuffer, then toString('base64');
// from() of base64 text, for the bytes of a message field.
const LENT_BUFFER = Object.freeze({
  isBuffer: (): boolean => false,
  from(input: string | Uint8Array | ArrayBuffer, offset = 0, length?: number): Uint8Array | { toString(): string } {
    if (typeof input === 'string') return base64ToBytes(input);
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input, offset, length);
    return { toString: () => bytesToBase64(bytes) };
  },
});

/** Runs a conversion of proto3-json-serializer's with a global Buffer: the runtime's own, or, where there is none, the lent one. */
export function withBuffer<T>(convert: () => T): T {
  const global = globalThis as { Buffer?: unknown };
  if (global.Buffer !== undefined) return convert();
  const had = 'Buffer' in global;
  global.Buffer = LENT_BUFFER;
  try {
    return convert();
  } finally {
    if (had) global.Buffer = undefined;
    else delete global.Buffer;
  }
}
