// Replaces every resolved value in a byte stream with a fixed text, streaming: a value split across chunks
// (at any byte, inside a multi-byte character too) is still replaced, because the tail of each chunk that
// could be the start of a value is held back until the next chunk decides. Bytes, not strings, so no
// decoding can split or merge what the child wrote.
import { Transform, type TransformCallback } from "node:stream";

/** What a masked value is replaced with. */
export const MASK = "<concealed by keyvault-secrets>";

// Lines of a multi-line value shorter than this are not masked alone (a PEM's "-----END" line would be, but
// a blank or one-character line would turn ordinary output into masks).
const MIN_LINE_LENGTH = 8;

/**
 * The byte patterns to mask for `values`: each non-empty value, and each line of a multi-line value that is
 * at least 8 characters long (a child may print such a value line by line, or with other line endings).
 * Longest first, so a value containing another is masked whole.
 */
export function maskPatterns(values: Iterable<string>): Buffer[] {
  const texts = new Set<string>();
  for (const value of values) {
    if (value === "") continue;
    texts.add(value);
    if (/[\r\n]/.test(value)) {
      for (const line of value.split(/\r?\n|\r/)) if (line.trim().length >= MIN_LINE_LENGTH) texts.add(line);
    }
  }
  return [...texts].map((text) => Buffer.from(text, "utf8")).sort((a, b) => b.length - a.length);
}

/** A streaming masker over `patterns` (see {@link maskPatterns}); `feed` and `end` return the bytes to emit. */
export class Masker {
  private pending = Buffer.alloc(0);
  private readonly mask = Buffer.from(MASK, "utf8");
  private readonly longest: number;

  constructor(private readonly patterns: readonly Buffer[]) {
    this.longest = patterns.reduce((max, pattern) => Math.max(max, pattern.length), 0);
  }

  /** Takes the next chunk; returns what can be written now. */
  feed(chunk: Buffer): Buffer {
    if (this.patterns.length === 0) return chunk;
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const holdFrom = this.holdFrom(data);
    const { output, consumed } = this.replace(data, holdFrom);
    this.pending = Buffer.from(data.subarray(consumed));
    return output;
  }

  /** The stream ended: returns the rest, masked. */
  end(): Buffer {
    const data = this.pending;
    this.pending = Buffer.alloc(0);
    return this.replace(data, data.length).output;
  }

  /**
   * The first offset from which the end of `data` could be the start of a pattern not yet complete: nothing
   * from there on is written until more data (or the end) arrives.
   */
  private holdFrom(data: Buffer): number {
    const start = Math.max(0, data.length - this.longest + 1);
    for (let offset = start; offset < data.length; offset++) {
      const tail = data.subarray(offset);
      if (this.patterns.some((p) => p.length > tail.length && p.subarray(0, tail.length).equals(tail))) {
        return offset;
      }
    }
    return data.length;
  }

  /**
   * Masks every match that starts before `limit`; returns the bytes up to where it stopped: `limit`, or the
   * end of a match that ran past it.
   */
  private replace(data: Buffer, limit: number): { output: Buffer; consumed: number } {
    const parts: Buffer[] = [];
    let position = 0;
    while (position < limit) {
      let best = -1;
      let bestLength = 0;
      for (const pattern of this.patterns) {
        const index = data.indexOf(pattern, position);
        if (index < 0 || index >= limit) continue;
        // Earliest match wins; at the same offset the longest (patterns are sorted longest first).
        if (best < 0 || index < best) {
          best = index;
          bestLength = pattern.length;
        }
      }
      if (best < 0) break;
      parts.push(data.subarray(position, best), this.mask);
      position = best + bestLength;
    }
    const consumed = Math.max(position, limit);
    if (position < consumed) parts.push(data.subarray(position, consumed));
    return { output: Buffer.concat(parts), consumed };
  }
}

/** A Transform stream that masks `patterns` in what passes through it. */
export function maskingStream(patterns: readonly Buffer[]): Transform {
  const masker = new Masker(patterns);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const output = masker.feed(chunk);
      callback(null, output.length > 0 ? output : undefined);
    },
    flush(callback: TransformCallback) {
      const output = masker.end();
      callback(null, output.length > 0 ? output : undefined);
    },
  });
}
