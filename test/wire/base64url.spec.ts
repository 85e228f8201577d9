import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../src/wire/base64url.js";

describe("base64url", () => {
  it("encodes without padding and with the URL-safe alphabet", () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    expect(toBase64Url(new Uint8Array([1]))).toBe("AQ");
    expect(toBase64Url(new Uint8Array([]))).toBe("");
  });

  it("decodes with or without padding, and standard base64 too", () => {
    expect([...fromBase64Url("AQ")]).toEqual([1]);
    expect([...fromBase64Url("AQ==")]).toEqual([1]);
    expect([...fromBase64Url("+/+/")]).toEqual([0xfb, 0xff, 0xbf]);
  });

  it("round-trips random bytes of many lengths, including blobs larger than one encoding slice", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31, 32, 33, 1000, 0x8000 + 1, 100_000]) {
      const bytes = new Uint8Array(length);
      for (let start = 0; start < length; start += 65536) {
        crypto.getRandomValues(bytes.subarray(start, Math.min(length, start + 65536)));
      }
      const decoded = fromBase64Url(toBase64Url(bytes));
      expect(decoded.length).toBe(length);
      expect(Buffer.compare(decoded, bytes)).toBe(0);
    }
  });

  it("matches Node's base64url encoding", () => {
    const bytes = crypto.getRandomValues(new Uint8Array(777));
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
  });

  it("rejects text that is not base64url without echoing it", () => {
    expect(() => fromBase64Url("not*base64")).toThrow(RangeError);
    expect(() => fromBase64Url("not*base64")).not.toThrow(/not\*base64/);
    expect(() => fromBase64Url("A")).toThrow(RangeError);
  });
});
