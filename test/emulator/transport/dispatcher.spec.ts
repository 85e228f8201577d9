// The runtime pipeline around the handler, seen through the in-process client with raw requests.
import { describe, expect, it } from "vitest";
import { createEmulatorHttpClient } from "../../../src/emulator/index.js";
import { json, send } from "../rawRequests.js";

const tenant = "0f0e0d0c-0b0a-4009-8008-070605040302";
const challenge = (origin: string) =>
  `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="${origin}"`;

describe("dispatcher: authentication comes first", () => {
  it("answers a body-less probe with 401 Unauthorized AKV10000 and the bearer challenge", async () => {
    const emulator = createEmulatorHttpClient({ tenantId: tenant });
    const response = await send(emulator, "PUT", "/secrets/probe?api-version=7.6", { authorized: false });
    expect(response.status).toBe(401);
    // The vault is addressed by name (emulator.vault.localhost), so the resource is the vault domain.
    expect(response.headers.get("www-authenticate")).toBe(challenge("https://vault.localhost"));
    expect(json(response)).toEqual({
      error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." },
    });
  });

  it("answers 401 before validating a body, the name or the api-version", async () => {
    const emulator = createEmulatorHttpClient();
    const response = await send(emulator, "PUT", "/secrets/bad_name?api-version=1999-01-01", {
      authorized: false,
      body: "{not json",
    });
    expect(response.status).toBe(401);
    const authorized = await send(emulator, "PUT", "/secrets/good?api-version=7.6", { body: "{not json" });
    expect(authorized.status).toBe(400);
    expect(json(authorized).error.code).toBe("BadParameter");
  });

  it("names the vault origin the request was addressed to as the challenge resource", async () => {
    const emulator = createEmulatorHttpClient({
      vaultUrl: "https://myvault.example.localhost:9443/ignored",
      tenantId: tenant,
    });
    expect(emulator.vaultUrl).toBe("https://myvault.example.localhost:9443");
    const response = await send(emulator, "GET", "/secrets?api-version=7.6", { authorized: false });
    expect(response.headers.get("www-authenticate")).toBe(
      challenge("https://myvault.example.localhost:9443"),
    );
  });

  it("re-challenges with AKV10022 a token minted for another audience", async () => {
    const emulator = createEmulatorHttpClient();
    const { token } = await emulator.credential.getToken("https://vault.azure.net/.default");
    const response = await send(emulator, "GET", "/secrets?api-version=7.6", {
      authorized: false,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer authorization=/);
    expect(json(response).error.message).toBe(
      "AKV10022: Invalid audience. Expected https://vault.localhost, found: https://vault.azure.net.",
    );
  });

  it("re-challenges once the emulator clock passes the token's expiry", async () => {
    const emulator = createEmulatorHttpClient();
    const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
    const headers = { authorization: `Bearer ${token}` };
    expect(
      (await send(emulator, "GET", "/secrets?api-version=7.6", { authorized: false, headers })).status,
    ).toBe(200);
    emulator.clock.advance(2 * 3600_000);
    const expired = await send(emulator, "GET", "/secrets?api-version=7.6", { authorized: false, headers });
    expect(expired.status).toBe(401);
    expect(json(expired).error.message).toBe("AKV10023: The bearer token has expired.");
  });
});

describe("dispatcher: common headers", () => {
  const expectServiceHeaders = (headers: { get(name: string): string | undefined }) => {
    expect(headers.get("x-ms-request-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(headers.get("x-ms-keyvault-service-version")).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(headers.get("x-ms-keyvault-region")).toBe("local");
    expect(headers.get("x-ms-keyvault-network-info")).toBe(
      "conn_type=Ipv4;addr=127.0.0.1;act_addr_fam=InterNetwork;",
    );
    expect(headers.get("cache-control")).toBe("no-cache");
    expect(headers.get("pragma")).toBe("no-cache");
    expect(headers.get("expires")).toBe("-1");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("strict-transport-security")).toBe("max-age=31536000;includeSubDomains");
  };

  it("puts them on successes, 401s and fault responses, echoing x-ms-client-request-id", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "status", status: 503, operation: "getSecrets" });
    const headers = { "x-ms-client-request-id": "client-id-1" };
    const responses = [
      await send(emulator, "PUT", "/secrets/a?api-version=7.6", { headers, body: '{"value":"v"}' }),
      await send(emulator, "GET", "/secrets?api-version=7.6", { headers, authorized: false }),
      await send(emulator, "GET", "/secrets?api-version=7.6", { headers }),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 401, 503]);
    for (const response of responses) {
      expectServiceHeaders(response.headers);
      expect(response.headers.get("x-ms-client-request-id")).toBe("client-id-1");
    }
    expect(new Set(responses.map((response) => response.headers.get("x-ms-request-id"))).size).toBe(3);
  });

  it("omits x-ms-client-request-id when the request had none", async () => {
    const emulator = createEmulatorHttpClient();
    const response = await send(emulator, "GET", "/secrets?api-version=7.6");
    expect(response.headers.has("x-ms-client-request-id")).toBe(false);
  });
});

describe("dispatcher: faults", () => {
  it("answers a 429 Throttled with Retry-After without running the operation", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "status", status: 429, retryAfterSeconds: 3, operation: "setSecret" });
    const throttled = await send(emulator, "PUT", "/secrets/t?api-version=7.6", { body: '{"value":"v"}' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(json(throttled)).toEqual({
      error: {
        code: "Throttled",
        message:
          "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached",
      },
    });
    expect((await send(emulator, "GET", "/secrets/t?api-version=7.6")).status).toBe(404);
  });

  it("answers 500 and 503 with Key Vault error bodies and no Retry-After unless asked", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "status", status: 500 });
    emulator.faults.add({ kind: "status", status: 503, errorCode: "Custom", errorMessage: "custom text" });
    const first = await send(emulator, "GET", "/secrets?api-version=7.6");
    const second = await send(emulator, "GET", "/secrets?api-version=7.6");
    expect([first.status, json(first).error.code]).toEqual([500, "InternalServerError"]);
    expect(json(second)).toEqual({ error: { code: "Custom", message: "custom text" } });
    expect(first.headers.has("retry-after")).toBe(false);
  });

  it("truncates or malforms the real JSON body", async () => {
    const emulator = createEmulatorHttpClient();
    await send(emulator, "PUT", "/secrets/a?api-version=7.6", { body: '{"value":"v"}' });
    const intact = (await send(emulator, "GET", "/secrets/a?api-version=7.6")).bodyAsText!;
    emulator.faults.add({ kind: "truncatedBody", operation: "getSecret" });
    emulator.faults.add({ kind: "malformedBody", operation: "getSecret" });
    const truncated = await send(emulator, "GET", "/secrets/a?api-version=7.6");
    const malformed = await send(emulator, "GET", "/secrets/a?api-version=7.6");
    expect(truncated.status).toBe(200);
    expect(truncated.bodyAsText!.length).toBeGreaterThan(0);
    expect(truncated.bodyAsText!.length).toBeLessThan(intact.length);
    expect(intact.startsWith(truncated.bodyAsText!)).toBe(true);
    expect(() => JSON.parse(truncated.bodyAsText!)).toThrow();
    expect(() => JSON.parse(malformed.bodyAsText!)).toThrow();
    expect(truncated.headers.get("content-length")).toBe(String(truncated.bodyAsText!.length));
    expect(JSON.parse(intact).value).toBe("v");
    expect(emulator.journal.entries().map((entry) => entry.fault)).toEqual([
      undefined,
      undefined,
      "truncatedBody",
      "malformedBody",
    ]);
  });

  it("answers an empty list page whose nextLink is the same URL, once", async () => {
    const emulator = createEmulatorHttpClient();
    await send(emulator, "PUT", "/secrets/a?api-version=7.6", { body: '{"value":"v"}' });
    emulator.faults.add({ kind: "emptyPage" });
    const empty = await send(emulator, "GET", "/secrets?api-version=7.6&maxresults=5");
    expect(json(empty)).toEqual({
      value: [],
      nextLink: "https://emulator.vault.localhost/secrets?api-version=7.6&maxresults=5",
    });
    const real = await send(emulator, "GET", "/secrets?api-version=7.6&maxresults=5");
    expect(json(real).value).toHaveLength(1);
  });

  it("answers a CAE claims challenge with unpadded base64 claims", async () => {
    const emulator = createEmulatorHttpClient();
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}';
    emulator.faults.add({ kind: "caeChallenge", claims });
    const response = await send(emulator, "GET", "/secrets?api-version=7.6");
    expect(response.status).toBe(401);
    const header = response.headers.get("www-authenticate")!;
    const match =
      /^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", error="insufficient_claims", claims="([^"]+)"$/.exec(
        header,
      );
    expect(match).not.toBeNull();
    expect(match![1]).not.toContain("=");
    expect(Buffer.from(match![1]!, "base64").toString("utf8")).toBe(claims);
  });

  it("delays a response by the latency fault's milliseconds", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "latency", ms: 40 });
    const response = await send(emulator, "GET", "/secrets?api-version=7.6");
    expect(response.status).toBe(200);
    const [entry] = emulator.journal.entries();
    expect(entry!.fault).toBe("latency");
    expect(entry!.latencyMs).toBeGreaterThanOrEqual(39);
  });
});

describe("dispatcher: journal", () => {
  it("records operation, name, status, api-version and fault, never values, bodies or tokens", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.clock.freeze(Date.UTC(2031, 4, 6));
    emulator.faults.add({ kind: "status", status: 503, operation: "getSecret" });
    await send(emulator, "PUT", "/secrets/Db-Pass?api-version=2025-07-01", { authorized: false });
    await send(emulator, "PUT", "/secrets/Db-Pass?api-version=2025-07-01", {
      body: '{"value":"hunter2-secret"}',
    });
    await send(emulator, "GET", "/secrets/Db-Pass?api-version=2025-07-01");
    await send(emulator, "GET", "/nowhere?api-version=7.6");
    const entries = emulator.journal.entries();
    expect(
      entries.map(({ latencyMs, ...rest }) => (expect(latencyMs).toBeGreaterThanOrEqual(0), rest)),
    ).toEqual([
      {
        time: Date.UTC(2031, 4, 6),
        method: "PUT",
        operation: "setSecret",
        secretName: "Db-Pass",
        apiVersion: "2025-07-01",
        status: 401,
        vault: "emulator",
      },
      {
        time: Date.UTC(2031, 4, 6),
        method: "PUT",
        operation: "setSecret",
        secretName: "Db-Pass",
        apiVersion: "2025-07-01",
        status: 200,
        vault: "emulator",
      },
      {
        time: Date.UTC(2031, 4, 6),
        method: "GET",
        operation: "getSecret",
        secretName: "Db-Pass",
        apiVersion: "2025-07-01",
        status: 503,
        vault: "emulator",
        fault: "status",
      },
      { time: Date.UTC(2031, 4, 6), method: "GET", apiVersion: "7.6", status: 404, vault: "emulator" },
    ]);
    const serialized = JSON.stringify(entries);
    expect(serialized).not.toContain("hunter2");
    expect(serialized).not.toMatch(/eyJ/);
  });

  it("writes a redacted access log line per request when a logger is given", async () => {
    const lines: string[] = [];
    const emulator = createEmulatorHttpClient({ logger: { info: (line) => lines.push(line) } });
    await send(emulator, "PUT", "/secrets/a?api-version=7.6", { body: '{"value":"hunter2-secret"}' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PUT \/secrets\/a setSecret 200 \d+\.\dms$/);
  });

  it("reset() empties the vault, the faults and the journal", async () => {
    const emulator = createEmulatorHttpClient();
    await send(emulator, "PUT", "/secrets/a?api-version=7.6", { body: '{"value":"v"}' });
    emulator.faults.add({ kind: "reset", times: "always" });
    emulator.reset();
    expect(emulator.journal.entries()).toEqual([]);
    expect(emulator.faults.list()).toEqual([]);
    expect((await send(emulator, "GET", "/secrets/a?api-version=7.6")).status).toBe(404);
  });
});

describe("dispatcher: CORS", () => {
  const preflight = {
    origin: "http://localhost:5173",
    "access-control-request-method": "PUT",
    "access-control-request-headers": "authorization,content-type",
  };

  it("is off by default: a preflight is just an unauthenticated request", async () => {
    const emulator = createEmulatorHttpClient();
    const response = await send(emulator, "OPTIONS", "/secrets/a?api-version=7.6", {
      authorized: false,
      headers: preflight,
    });
    expect(response.status).toBe(401);
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
  });

  it("answers preflights from an allowed origin without a token", async () => {
    const emulator = createEmulatorHttpClient({ cors: "http://localhost:5173" });
    const response = await send(emulator, "OPTIONS", "/secrets/a?api-version=7.6", {
      authorized: false,
      headers: preflight,
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
  });

  it("exposes the service headers on responses to an allowed origin, 401s included", async () => {
    const emulator = createEmulatorHttpClient({ cors: ["http://other.test", "http://localhost:5173"] });
    const origin = { origin: "http://localhost:5173" };
    const challenged = await send(emulator, "GET", "/secrets?api-version=7.6", {
      authorized: false,
      headers: origin,
    });
    expect(challenged.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const exposed = challenged.headers.get("access-control-expose-headers")!.split(", ");
    expect(exposed).toEqual(
      expect.arrayContaining(["x-ms-request-id", "www-authenticate", "x-ms-client-request-id"]),
    );
    const stranger = await send(emulator, "GET", "/secrets?api-version=7.6", {
      headers: { origin: "http://evil.test" },
    });
    expect(stranger.headers.has("access-control-allow-origin")).toBe(false);
  });
});
