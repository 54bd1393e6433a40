// Bytes without Node's Buffer: equality and base64, for the code that `longrunning/rest` reaches (browsers have no Buffer).

/** True when both hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// String.fromCharCode takes its bytes as arguments: a few KB at a time stays far below any engine's argument limit.
const CHUNK = 0x2000;

/** The standard base64 (RFC 4648 §4, padded) of some bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/**
 * The bytes of base64 text, standard or URL-safe, padded or not.
 * @throws DOMException (InvalidCharacterError) for text that is not base64.
 */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
