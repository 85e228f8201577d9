import { describe, expect, it } from "vitest";
import { IncomingHeaders } from "../../../src/http/transport/incomingHeaders.js";

// What Node's IncomingMessage.headers holds: lower-case names, set-cookie as an array.
const incoming = {
  "content-type": "application/json; charset=utf-8",
  "x-ms-request-id": "abc",
  "set-cookie": ["a=1", "b=2"],
};

describe("IncomingHeaders (the lean transport's response headers)", () => {
  it("reads like core's HttpHeaders from its Node client: any case, first value of a repeated header", () => {
    const headers = new IncomingHeaders({ ...incoming });
    expect(headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(headers.has("X-MS-Request-Id")).toBe(true);
    expect(headers.get("set-cookie")).toBe("a=1");
    expect(headers.get("missing")).toBeUndefined();
    expect([...headers]).toEqual([
      ["content-type", "application/json; charset=utf-8"],
      ["x-ms-request-id", "abc"],
      ["set-cookie", "a=1"],
    ]);
    expect(headers.toJSON()).toEqual({
      "content-type": "application/json; charset=utf-8",
      "x-ms-request-id": "abc",
      "set-cookie": "a=1",
    });
  });

  it("can be changed by policies, without touching the response it came from", () => {
    const raw = { ...incoming };
    const headers = new IncomingHeaders(raw);
    headers.set("Retry-After", 3);
    headers.delete("x-ms-request-id");
    expect(headers.get("retry-after")).toBe("3");
    expect(headers.has("x-ms-request-id")).toBe(false);
    expect(JSON.parse(String(headers))).toMatchObject({ "Retry-After": "3" });
    expect(raw).toEqual(incoming);
  });
});
