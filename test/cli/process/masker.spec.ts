import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MASK, Masker, maskPatterns, maskingStream } from "../../../src/cli/process/masker.js";

/** Feeds `chunks` through a masker over `values` and returns everything it emitted. */
function mask(values: string[], chunks: (string | Buffer)[]): string {
  const masker = new Masker(maskPatterns(values));
  const parts = chunks.map((chunk) => masker.feed(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  parts.push(masker.end());
  return Buffer.concat(parts).toString("utf8");
}

/** Every way of cutting `bytes` into two chunks, and into one chunk per byte. */
function everySplit(bytes: Buffer): Buffer[][] {
  const splits: Buffer[][] = [];
  for (let offset = 0; offset <= bytes.length; offset++) {
    splits.push([bytes.subarray(0, offset), bytes.subarray(offset)]);
  }
  splits.push([...bytes].map((byte) => Buffer.from([byte])));
  return splits;
}

describe("masking a child's output", () => {
  it("replaces a value printed whole", () => {
    expect(mask(["hunter2-secret"], ["hunter2-secret\n"])).toBe(`${MASK}\n`);
  });

  it("replaces a value split across two chunks at every byte offset of a line with other text", () => {
    const line = Buffer.from("before hunter2-secret after, and again: hunter2-secret!\n");
    for (const chunks of everySplit(line)) {
      expect(mask(["hunter2-secret"], chunks)).toBe(`before ${MASK} after, and again: ${MASK}!\n`);
    }
  });

  it("replaces a value with multi-byte characters split inside a character", () => {
    const value = "pässwörd-ü-€-🔑";
    const line = Buffer.from(`x=${value};`);
    for (const chunks of everySplit(line)) expect(mask([value], chunks)).toBe(`x=${MASK};`);
  });

  it("replaces a multi-line value, split anywhere, and each of its lines printed alone", () => {
    const pem = "-----BEGIN KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END KEY-----";
    const text = Buffer.from(`key:\n${pem}\nline: MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n`);
    for (const chunks of everySplit(text)) {
      expect(mask([pem], chunks)).toBe(`key:\n${MASK}\nline: ${MASK}\n`);
    }
  });

  it("masks several values, the longer one whole when one contains another", () => {
    expect(
      mask(["abc-secret", "abc-secret-longer", "zz-other"], ["abc-secret-longer zz-other abc-secret"]),
    ).toBe(`${MASK} ${MASK} ${MASK}`);
  });

  it("keeps back a partial value only until the next chunk shows it is not one", () => {
    const masker = new Masker(maskPatterns(["hunter2-secret"]));
    expect(masker.feed(Buffer.from("ok hunter")).toString()).toBe("ok ");
    expect(masker.feed(Buffer.from("s and dogs\n")).toString()).toBe("hunters and dogs\n");
    expect(masker.end().toString()).toBe("");
  });

  it("writes a partial value held back at the end of the stream as it is", () => {
    expect(mask(["hunter2-secret"], ["bye hunter2"])).toBe("bye hunter2");
  });

  it("passes output through untouched when there is nothing to mask, and ignores empty values", () => {
    expect(mask([], ["a", "b"])).toBe("ab");
    expect(mask([""], ["plain text"])).toBe("plain text");
  });

  it("masks as a stream, for stderr as for stdout", async () => {
    const stream = Readable.from([Buffer.from("error: hunt"), Buffer.from("er2-secret rejected\n")]).pipe(
      maskingStream(maskPatterns(["hunter2-secret"])),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(`error: ${MASK} rejected\n`);
  });

  it("never lets a value through, whatever the chunking of mixed text (every three-way split)", () => {
    const values = ["s3cr3t-Value", "other-😀-secret"];
    const text = Buffer.from(`a s3cr3t-Value b other-😀-secret s3cr3t-Value\n`);
    for (let first = 0; first <= text.length; first++) {
      for (let second = first; second <= text.length; second += 3) {
        const output = mask(values, [
          text.subarray(0, first),
          text.subarray(first, second),
          text.subarray(second),
        ]);
        expect(output).toBe(`a ${MASK} b ${MASK} ${MASK}\n`);
      }
    }
  });
});
