// Reads a REST answer's body within a byte limit: streamed and counted (after decompression), the read stopped once past it.

/** How much of an error answer's body is read: enough for any error envelope, and a page of HTML. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/** A body as read: its bytes, at most the limit, and whether there was more. */
export interface BodyRead {
  readonly bytes: Uint8Array;
  /** True when the body was longer than the limit; `bytes` then holds its first `limit` bytes. */
  readonly overLimit: boolean;
}

const NOTHING = new Uint8Array(0);

/**
 * Reads at most `limit` bytes of a body. fetch inflates a compressed body
 * as it is read, so the count is of the inflated bytes: a small body that
 * inflates to gigabytes stops at the limit. A body whose Content-Length
 * already says it is too long is not read at all. Whatever is left unread
 * is cancelled, which frees the connection.
 *
 * @throws what reading throws: fetch's TypeError for a connection closed mid-answer or a body that does not inflate, the signal's reason on abort.
 */
export async function readBody(res: Response, limit: number): Promise<BodyRead> {
  const body = res.body;
  if (!body) return { bytes: NOTHING, overLimit: false };
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (!res.headers.has('content-encoding') && declared > limit) {
    await body.cancel().catch(() => {});
    return { bytes: NOTHING, overLimit: true };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: concat(chunks, total), overLimit: false };
      if (total + value.byteLength > limit) {
        chunks.push(value.subarray(0, limit - total));
        await reader.cancel().catch(() => {});
        return { bytes: concat(chunks, limit), overLimit: true };
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  } finally {
    reader.releaseLock();
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
