import { describe, expect, it } from "vitest";
import { decodeSkipToken, encodeSkipToken, pageOf } from "../../../src/emulator/service/paging";

describe("skip tokens", () => {
  it("are URL-safe and decode back to the key for the same listing", () => {
    const token = encodeSkipToken("secrets", "NAME-WITH/ODD?CHARS+");
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSkipToken(token, "secrets")).toBe("NAME-WITH/ODD?CHARS+");
    expect(decodeSkipToken(encodeSkipToken("versions", 42), "versions")).toBe(42);
  });

  it("are refused by another kind of listing or with the wrong key type", () => {
    expect(() => decodeSkipToken(encodeSkipToken("secrets", "A"), "deletedsecrets")).toThrow(/skiptoken/);
    expect(() => decodeSkipToken(encodeSkipToken("versions", "A"), "versions")).toThrow(/skiptoken/);
    expect(() => decodeSkipToken("%%%", "secrets")).toThrow(/skiptoken/);
  });
});

describe("pageOf", () => {
  const request = { kind: "secrets" as const, origin: "https://v", path: "/secrets", apiVersion: "7.6" };

  it("continues after the key in the token, not after an offset", () => {
    const first = pageOf(
      ["A", "C", "E"],
      (key) => key,
      (key) => key,
      { ...request, maxResults: 2, skipToken: null },
    );
    expect(first.value).toEqual(["A", "C"]);
    const token = new URL(first.nextLink!).searchParams.get("$skiptoken");
    const next = pageOf(
      ["A", "B", "C", "D", "E"],
      (key) => key,
      (key) => key,
      { ...request, skipToken: token },
    );
    expect(next).toEqual({ value: ["D", "E"], nextLink: null });
  });

  it("gives no nextLink when the page holds exactly the remaining items", () => {
    const page = pageOf(
      [1, 2],
      (key) => key,
      (key) => key,
      { ...request, kind: "versions", maxResults: 2, skipToken: null },
    );
    expect(page.nextLink).toBeNull();
  });
});
