// Checks protobuf bytes against a message type before protobufjs decodes them: protobufjs reads a known field by its
// declared type whatever wire type it came with, lets a nested message run past its end, and takes invalid UTF-8.
import type protobuf from 'protobufjs';
import { nodeBuiltin } from '../node-builtins.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// Node's own check where there is one (it is faster); a strict decoder elsewhere.
const isUtf8: (bytes: Uint8Array) => boolean =
  nodeBuiltin('node:buffer')?.isUtf8 ??
  ((bytes) => {
    try {
      strictUtf8.decode(bytes);
      return true;
    } catch {
      return false;
    }
  });

/** Bytes that do not encode a message of the type: where and why. */
export class WireFormatError extends Error {
  /** The byte offset where the reading failed. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'WireFormatError';
    this.offset = offset;
  }
}

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const SGROUP = 3;
const EGROUP = 4;
const I32 = 5;

/** How deep messages may nest, as protobuf's own parsers allow. */
const MAX_DEPTH = 100;

// The wire type each scalar travels with, unpacked.
const SCALAR_WIRE: Readonly<Record<string, number>> = {
  double: I64,
  float: I32,
  int32: VARINT,
  int64: VARINT,
  uint32: VARINT,
  uint64: VARINT,
  sint32: VARINT,
  sint64: VARINT,
  fixed32: I32,
  fixed64: I64,
  sfixed32: I32,
  sfixed64: I64,
  bool: VARINT,
  string: LEN,
  bytes: LEN,
};

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  // A varint of at most 10 bytes, as a number (exact up to 2^53; larger values come out large, which is all a check needs).
  // A 32-bit one (a tag, a length, an int32) protobufjs reads as 5 bytes or 10: 6 to 9, valid but never written, it misreads.
  varint(end: number, bits32 = true): number {
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new WireFormatError('a varint runs past the end', start);
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (i === 9 && b > 1) throw new WireFormatError('a varint overflows 64 bits', start);
        if (bits32 && i >= 5 && i < 9) throw new WireFormatError(`a 32-bit varint of ${i + 1} bytes`, start);
        return value;
      }
    }
    throw new WireFormatError('a varint is longer than 10 bytes', start);
  }

  skip(n: number, end: number, what: string): void {
    if (n > end - this.pos) throw new WireFormatError(`${what} of ${n} bytes runs past the end`, this.pos);
    this.pos += n;
  }

  // Reads a length prefix; returns where the delimited bytes end.
  delimited(end: number, what: string): number {
    const at = this.pos;
    const length = this.varint(end);
    if (length > end - this.pos) throw new WireFormatError(`${what} of ${length} bytes runs past the end`, at);
    return this.pos + length;
  }
}

function resolved(field: protobuf.FieldBase): protobuf.FieldBase {
  if (!field.resolved) field.resolve();
  return field;
}

function isMessageType(t: protobuf.Type | protobuf.Enum | null): t is protobuf.Type {
  return t !== null && 'fieldsById' in t;
}

/**
 * Throws a {@link WireFormatError} unless `bytes` are a well-formed encoding
 * of a message of `type`: every tag with a field number of 1 or more and a
 * wire type that exists, each known field with the wire type of its type
 * (or packed, for repeated numbers), lengths within their message, strings
 * in valid UTF-8, nested messages checked as their own type, no deeper than
 * 100. Unknown fields are skipped, as protobuf allows. One pass, no copy.
 */
export function checkWire(type: protobuf.Type, bytes: Uint8Array): void {
  const c = new Cursor(bytes);
  checkMessage(type, c, bytes.length, 0, undefined);
}

function checkMessage(type: protobuf.Type, c: Cursor, end: number, depth: number, group: number | undefined): void {
  if (depth > MAX_DEPTH) throw new WireFormatError(`messages nest deeper than ${MAX_DEPTH}`, c.pos);
  while (c.pos < end) {
    const at = c.pos;
    const tag = c.varint(end);
    if (tag > 0xffffffff) throw new WireFormatError('a tag is larger than 32 bits', at);
    const id = Math.floor(tag / 8);
    const wire = tag % 8;
    if (id === 0) throw new WireFormatError('a field number is 0', at);
    if (wire === EGROUP) {
      if (group === id) return;
      throw new WireFormatError(`an end-group for field ${id} that was not opened`, at);
    }
    const field = type.fieldsById[id];
    if (field) checkField(resolved(field), wire, c, end, depth, at);
    else skipValue(wire, id, c, end, depth, at);
  }
  if (group !== undefined) throw new WireFormatError(`group ${group} is not closed`, c.pos);
}

function checkField(field: protobuf.FieldBase, wire: number, c: Cursor, end: number, depth: number, at: number): void {
  if (field.map) {
    if (wire !== LEN) throw mismatch(field, wire, at);
    const entryEnd = c.delimited(end, `map entry ${field.name}`);
    checkMapEntry(field as unknown as protobuf.MapField, c, entryEnd, depth + 1);
    return;
  }
  const target = field.resolvedType;
  if (isMessageType(target)) {
    if (wire === LEN) {
      const messageEnd = c.delimited(end, `field ${field.name}`);
      checkMessage(target, c, messageEnd, depth + 1, undefined);
    } else if (wire === SGROUP) {
      checkMessage(target, c, end, depth + 1, field.id);
    } else {
      throw mismatch(field, wire, at);
    }
    return;
  }
  // An enum travels as an int32.
  const scalar = target ? 'int32' : field.type;
  checkScalar(scalar, field, wire, c, end, at, field.repeated);
}

function checkScalar(scalar: string, field: protobuf.FieldBase, wire: number, c: Cursor, end: number, at: number, repeated: boolean): void {
  const expected = SCALAR_WIRE[scalar];
  if (expected === undefined) throw new WireFormatError(`field ${field.name} has a type that cannot be checked: ${scalar}`, at);
  if (wire === expected) {
    readScalar(scalar, wire, c, end, field.name);
    return;
  }
  // A repeated number may come packed: one length-delimited run of values.
  if (repeated && wire === LEN && expected !== LEN) {
    const runEnd = c.delimited(end, `packed field ${field.name}`);
    while (c.pos < runEnd) readScalar(scalar, expected, c, runEnd, field.name);
    return;
  }
  throw mismatch(field, wire, at);
}

// Scalars protobufjs reads as 64-bit varints; the other varints it reads as 32-bit ones.
const VARINT64 = new Set(['int64', 'uint64', 'sint64']);

function readScalar(scalar: string, wire: number, c: Cursor, end: number, name: string): void {
  if (wire === VARINT) c.varint(end, !VARINT64.has(scalar));
  else if (wire === I64) c.skip(8, end, `field ${name}`);
  else if (wire === I32) c.skip(4, end, `field ${name}`);
  else {
    const start = c.pos;
    const valueEnd = c.delimited(end, `field ${name}`);
    if (scalar === 'string' && !isUtf8(c.bytes.subarray(c.pos, valueEnd)))
      throw new WireFormatError(`field ${name} is not valid UTF-8`, start);
    c.pos = valueEnd;
  }
}

function checkMapEntry(field: protobuf.MapField, c: Cursor, end: number, depth: number): void {
  while (c.pos < end) {
    const at = c.pos;
    const tag = c.varint(end);
    const id = Math.floor(tag / 8);
    const wire = tag % 8;
    if (id === 1) checkScalar(field.keyType, field, wire, c, end, at, false);
    else if (id === 2) {
      const target = field.resolvedType;
      if (isMessageType(target)) {
        if (wire !== LEN) throw mismatch(field, wire, at);
        const valueEnd = c.delimited(end, `map value ${field.name}`);
        checkMessage(target, c, valueEnd, depth + 1, undefined);
      } else {
        checkScalar(target ? 'int32' : field.type, field, wire, c, end, at, false);
      }
    } else if (id === 0) throw new WireFormatError('a field number is 0', at);
    else skipValue(wire, id, c, end, depth, at);
  }
}

function skipValue(wire: number, id: number, c: Cursor, end: number, depth: number, at: number): void {
  switch (wire) {
    case VARINT:
      c.varint(end, false);
      return;
    case I64:
      c.skip(8, end, `field ${id}`);
      return;
    case I32:
      c.skip(4, end, `field ${id}`);
      return;
    case LEN:
      c.pos = c.delimited(end, `field ${id}`);
      return;
    case SGROUP:
      skipGroup(id, c, end, depth + 1);
      return;
    default:
      throw new WireFormatError(`wire type ${wire} does not exist`, at);
  }
}

function skipGroup(id: number, c: Cursor, end: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new WireFormatError(`groups nest deeper than ${MAX_DEPTH}`, c.pos);
  while (c.pos < end) {
    const at = c.pos;
    const tag = c.varint(end);
    const inner = Math.floor(tag / 8);
    const wire = tag % 8;
    if (inner === 0) throw new WireFormatError('a field number is 0', at);
    if (wire === EGROUP) {
      if (inner === id) return;
      throw new WireFormatError(`an end-group for field ${inner} inside group ${id}`, at);
    }
    skipValue(wire, inner, c, end, depth, at);
  }
  throw new WireFormatError(`group ${id} is not closed`, c.pos);
}

function mismatch(field: protobuf.FieldBase, wire: number, at: number): WireFormatError {
  return new WireFormatError(`field ${field.name} (${field.id}, ${field.type}) came with wire type ${wire}`, at);
}
