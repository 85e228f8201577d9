// The browser transport (defaultHttpClient-browser.ts) on Node's own fetch (undici), a fetch that — unlike
// Chromium's — refuses a view of a SharedArrayBuffer as a body: the transport sends a copy of its bytes, as
// core's fetch client does. (Everything else about the transport is tested in real Chromium:
// test/browser/fetchHttpClient.spec.ts.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClientHttpClient } from "../../src/http/transport/defaultHttpClient-browser.js";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => response.end(Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the browser transport on undici's fetch", () => {
  it("sends the bytes of a SharedArrayBuffer view", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    shared.set(new TextEncoder().encode("01shared"));
    const response = await createClientHttpClient().sendRequest(
      createPipelineRequest({
        url,
        method: "POST",
        allowInsecureConnection: true,
        body: shared.subarray(2) as unknown as Uint8Array<ArrayBuffer>,
      }),
    );
    expect(response.bodyAsText).toBe("shared");
  });
});
