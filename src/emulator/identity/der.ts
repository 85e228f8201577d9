// A minimal DER (ASN.1 Distinguished Encoding Rules) encoder: just the types an X.509 v3 certificate
// with an EC P-256 key needs. Every function returns the complete TLV (tag, length, value) bytes.

/** Encodes one TLV with the given tag byte. */
export function derTlv(tag: number, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...elements: Uint8Array[]): Buffer {
  return derTlv(0x30, Buffer.concat(elements));
}

/** SET of already-encoded elements (callers pass a single element, so no DER sorting is needed). */
export function derSet(...elements: Uint8Array[]): Buffer {
  return derTlv(0x31, Buffer.concat(elements));
}

/** INTEGER from a non-negative number or big-endian unsigned bytes (a leading zero keeps it positive). */
export function derInteger(value: number | Uint8Array): Buffer {
  let bytes = typeof value === "number" ? unsignedBytes(value) : Buffer.from(value);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
  bytes = bytes.subarray(start);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return derTlv(0x02, bytes);
}

function unsignedBytes(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER INTEGER needs a safe integer ≥ 0`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from(bytes.length ? bytes : [0]);
}

/** BOOLEAN. */
export function derBoolean(value: boolean): Buffer {
  return derTlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** OBJECT IDENTIFIER from dotted notation, e.g. "2.5.4.3". */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new RangeError(`Invalid object identifier "${dotted}"`);
  }
  const bytes: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      groups.unshift((rest % 128) | 0x80);
    }
    bytes.push(...groups);
  }
  return derTlv(0x06, Buffer.from(bytes));
}

/** OCTET STRING. */
export function derOctetString(value: Uint8Array): Buffer {
  return derTlv(0x04, value);
}

/** BIT STRING with `unusedBits` padding bits at the end of the last byte. */
export function derBitString(value: Uint8Array, unusedBits = 0): Buffer {
  return derTlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));
}

/** UTF8String. */
export function derUtf8String(value: string): Buffer {
  return derTlv(0x0c, Buffer.from(value, "utf8"));
}

/** X.509 Time: UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-23T18:54:48.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, ""); // 20261123185448
  const year = date.getUTCFullYear();
  return year < 2050
    ? derTlv(0x17, Buffer.from(digits.slice(2) + "Z", "ascii"))
    : derTlv(0x18, Buffer.from(digits + "Z", "ascii"));
}

/** Context-specific constructed tag `[n]` wrapping already-encoded content (EXPLICIT tagging). */
export function derExplicit(tagNumber: number, content: Uint8Array): Buffer {
  return derTlv(0xa0 | tagNumber, content);
}

/** Context-specific primitive tag `[n]` holding raw bytes (IMPLICIT tagging of a primitive type). */
export function derImplicit(tagNumber: number, value: Uint8Array): Buffer {
  return derTlv(0x80 | tagNumber, value);
}
