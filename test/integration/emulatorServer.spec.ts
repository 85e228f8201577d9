// startEmulator over real sockets: TLS trust, the identity endpoint, keep-alive, socket-level faults,
// data file, stop and the in-process client on the same state.
import { SecretClient } from "@azure/keyvault-secrets";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { createCertificateAuthority } from "../../src/emulator/identity/certificates.js";

interface RawResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(url: string, options: https.RequestOptions & { body?: string } = {}): Promise<RawResult> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, options, (response: http.IncomingMessage) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("startEmulator over HTTPS", () => {
  let emulator: RunningEmulator;
  let agent: https.Agent;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    agent = new https.Agent({ keepAlive: true, ca: emulator.caCertificate });
    token = (await emulator.credential.getToken(`${emulator.vaultUrl}/.default`)).token;
  });
  afterAll(async () => {
    agent.destroy();
    await emulator.stop();
  });

  it("listens on a free 127.0.0.1 port and describes itself for clients", () => {
    expect(emulator.vaultUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.clientOptions).toEqual({ tlsOptions: { ca: emulator.caCertificate } });
    expect(emulator.env).toEqual({
      KEYVAULT_URI: emulator.vaultUrl,
      IDENTITY_ENDPOINT: emulator.identityEndpoint,
      IDENTITY_HEADER: emulator.identityHeader,
      // This machine presets NODE_EXTRA_CA_CERTS (a corporate bundle); then the printed one is a bundle.
      NODE_EXTRA_CA_CERTS: process.env["NODE_EXTRA_CA_CERTS"]
        ? join(dirname(emulator.caCertificatePath!), "ca-bundle.pem")
        : emulator.caCertificatePath,
    });
    expect(readFileSync(emulator.caCertificatePath!, "utf8")).toBe(emulator.caCertificate);
  });

  it("prints a NODE_EXTRA_CA_CERTS that appends its CA to a bundle already set, once", async () => {
    const corporate = join(mkdtempSync(join(tmpdir(), "kv-corporate-")), "corporate.pem");
    const corporateCa = createCertificateAuthority().certificate;
    writeFileSync(corporate, corporateCa);
    const saved = process.env["NODE_EXTRA_CA_CERTS"];
    process.env["NODE_EXTRA_CA_CERTS"] = corporate;
    const directory = mkdtempSync(join(tmpdir(), "kv-bundle-"));
    try {
      const dataFile = join(directory, "vault.json");
      const first = await startEmulator({ dataFile });
      await first.stop();
      const bundlePath = first.env["NODE_EXTRA_CA_CERTS"]!;
      expect(bundlePath).toBe(`${dataFile}.ca-bundle.pem`);
      expect(readFileSync(bundlePath, "utf8")).toBe(
        `${corporateCa.trim()}\n${first.caCertificate!.trim()}\n`,
      );
      // Restarted with the bundle exported: the corporate CA stays, the emulator's CA is not added twice.
      process.env["NODE_EXTRA_CA_CERTS"] = bundlePath;
      const second = await startEmulator({ dataFile });
      await second.stop();
      expect(second.env["NODE_EXTRA_CA_CERTS"]).toBe(bundlePath);
      expect(readFileSync(bundlePath, "utf8")).toBe(
        `${corporateCa.trim()}\n${first.caCertificate!.trim()}\n`,
      );
      // A TLS client trusting only the bundle reaches the emulator.
      const third = await startEmulator({ dataFile });
      try {
        const { token } = await third.credential.getToken(`${third.vaultUrl}/.default`);
        const agent = new https.Agent({ ca: readFileSync(bundlePath, "utf8") });
        const reached = await request(`${third.vaultUrl}/secrets?api-version=7.6`, {
          agent,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(reached.status).toBe(200);
      } finally {
        await third.stop();
      }
    } finally {
      if (saved === undefined) delete process.env["NODE_EXTRA_CA_CERTS"];
      else process.env["NODE_EXTRA_CA_CERTS"] = saved;
      rmSync(directory, { recursive: true, force: true });
      rmSync(dirname(corporate), { recursive: true, force: true });
    }
  });

  it("is verified by Node's TLS with the CA, for 127.0.0.1 and localhost, and refused without it", async () => {
    const port = Number(new URL(emulator.vaultUrl).port);
    for (const host of ["127.0.0.1", "localhost"]) {
      const socket = tls.connect({
        host,
        port,
        ca: emulator.caCertificate,
        servername: host === "localhost" ? host : undefined,
      });
      await new Promise<void>((resolve, reject) =>
        socket.once("secureConnect", resolve).once("error", reject),
      );
      expect(socket.authorized).toBe(true);
      socket.destroy();
    }
    const untrusted = tls.connect({ host: "127.0.0.1", port });
    const error = await new Promise<Error>((resolve) => untrusted.once("error", resolve));
    // The server sends its chain (leaf + CA), so an untrusting client sees the self-signed CA in it.
    expect((error as NodeJS.ErrnoException).code).toBe("SELF_SIGNED_CERT_IN_CHAIN");
  });

  it("answers an unauthenticated request with 401 before reading its body, keeping the connection usable", async () => {
    const url = `${emulator.vaultUrl}/secrets/probe?api-version=7.6`;
    const probe = await request(url, { method: "PUT", agent, body: "x".repeat(200_000) });
    expect(probe.status).toBe(401);
    expect(probe.headers["www-authenticate"]).toBe(
      `Bearer authorization="https://login.microsoftonline.com/${emulator.tenantId}", resource="${emulator.vaultUrl}"`,
    );
    expect(probe.headers["strict-transport-security"]).toBe("max-age=31536000;includeSubDomains");
    const set = await request(url, {
      method: "PUT",
      agent,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: '{"value":"after the probe"}',
    });
    expect(set.status).toBe(200);
    expect(JSON.parse(set.body).value).toBe("after the probe");
  });

  it("refuses a body over 16 MiB with 413 instead of buffering it", async () => {
    const response = await request(`${emulator.vaultUrl}/secrets/huge?api-version=7.6`, {
      method: "PUT",
      agent,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: `{"value":"${"x".repeat(17 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe("BadParameter");
    expect(response.body.length).toBeLessThan(500);
  });

  it("drops the connection for a reset fault", async () => {
    emulator.faults.add({ kind: "reset", operation: "getSecrets" });
    const error = await request(`${emulator.vaultUrl}/secrets?api-version=7.6`, {
      agent,
      headers: { authorization: `Bearer ${token}` },
    }).then(
      () => undefined,
      (caught: NodeJS.ErrnoException) => caught,
    );
    expect(error?.code).toBe("ECONNRESET");
    expect(emulator.journal.entries().at(-1)).toMatchObject({
      operation: "getSecrets",
      status: 0,
      fault: "reset",
    });
  });

  it("holds a hang fault until the client disconnects, then journals it", async () => {
    emulator.faults.add({ kind: "hang", operation: "getSecrets" });
    const controller = new AbortController();
    const pending = request(`${emulator.vaultUrl}/secrets?api-version=7.6`, {
      agent,
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    }).catch((error: Error) => error);
    for (let attempt = 0; attempt < 100 && emulator.faults.fired().at(-1)?.kind !== "hang"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(emulator.journal.entries().some((entry) => entry.fault === "hang")).toBe(false);
    controller.abort();
    expect(((await pending) as Error).name).toBe("AbortError");
    for (
      let attempt = 0;
      attempt < 100 && !emulator.journal.entries().some((e) => e.fault === "hang");
      attempt++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(emulator.journal.entries().at(-1)).toMatchObject({ status: 0, fault: "hang" });
  });

  it("shares its state with createHttpClient()", async () => {
    const official = new SecretClient(emulator.vaultUrl, emulator.credential, {
      ...emulator.clientOptions,
      disableChallengeResourceVerification: true,
    });
    await official.setSecret("shared", "over https");
    const inProcess = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: emulator.createHttpClient(),
      disableChallengeResourceVerification: true,
    });
    expect((await inProcess.getSecret("shared")).value).toBe("over https");
  });
});

describe("the identity endpoint (App Service 2019-08-01)", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const tokenUrl = (query: string) => `${emulator.identityEndpoint}?${query}`;

  it("returns a token for the resource that the vault accepts", async () => {
    const resource = encodeURIComponent(emulator.vaultUrl);
    const result = await request(tokenUrl(`resource=${resource}&api-version=2019-08-01`), {
      headers: { "x-identity-header": emulator.identityHeader },
    });
    expect(result.status).toBe(200);
    const body = JSON.parse(result.body);
    expect(Object.keys(body).sort()).toEqual([
      "access_token",
      "client_id",
      "expires_on",
      "resource",
      "token_type",
    ]);
    expect(body.token_type).toBe("Bearer");
    expect(body.resource).toBe(emulator.vaultUrl);
    expect(body.expires_on).toMatch(/^\d+$/);
    expect(Number(body.expires_on) * 1000).toBeGreaterThan(emulator.clock.now());
    const agent = new https.Agent({ ca: emulator.caCertificate });
    const vault = await request(`${emulator.vaultUrl}/secrets?api-version=7.6`, {
      agent,
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(vault.status).toBe(200);
  });

  it("answers 400 without X-IDENTITY-HEADER and 401 with a wrong one", async () => {
    const url = tokenUrl(`resource=${encodeURIComponent(emulator.vaultUrl)}&api-version=2019-08-01`);
    expect((await request(url)).status).toBe(400);
    expect((await request(url, { headers: { "x-identity-header": "wrong" } })).status).toBe(401);
    // Same length, one character different: a check of the length alone would let it through.
    const header = emulator.identityHeader;
    const sameLength = `${header.slice(0, -1)}${header.endsWith("0") ? "1" : "0"}`;
    expect(sameLength).toHaveLength(header.length);
    expect((await request(url, { headers: { "x-identity-header": sameLength } })).status).toBe(401);
  });

  it("answers 400 without a resource or with another api-version", async () => {
    const headers = { "x-identity-header": emulator.identityHeader };
    expect((await request(tokenUrl("api-version=2019-08-01"), { headers })).status).toBe(400);
    const other = tokenUrl(`resource=${encodeURIComponent(emulator.vaultUrl)}&api-version=2017-09-01`);
    expect((await request(other, { headers })).status).toBe(400);
  });
});

describe("startEmulator life cycle", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "kv-lifecycle-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("serves plain HTTP with the http option", async () => {
    const emulator = await startEmulator({ http: true });
    try {
      expect(emulator.vaultUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.clientOptions).toEqual({ allowInsecureConnection: true });
      expect(emulator.env["NODE_EXTRA_CA_CERTS"]).toBeUndefined();
      expect(emulator.caCertificate).toBeUndefined();
      const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
        ...emulator.clientOptions,
        disableChallengeResourceVerification: true,
      });
      await client.setSecret("plain", "http");
      expect((await client.getSecret("plain")).value).toBe("http");
    } finally {
      await emulator.stop();
    }
  });

  it("answers CORS preflights and exposes headers for an allowed origin over the socket", async () => {
    const emulator = await startEmulator({ http: true, cors: "http://localhost:5173" });
    try {
      const url = `${emulator.vaultUrl}/secrets/cors?api-version=7.6`;
      const preflight = await request(url, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:5173",
          "access-control-request-method": "PUT",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
      expect(preflight.headers["access-control-allow-headers"]).toBe("authorization, content-type");
      const challenged = await request(url, { method: "PUT", headers: { origin: "http://localhost:5173" } });
      expect(challenged.status).toBe(401);
      expect(challenged.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
      expect(challenged.headers["access-control-expose-headers"]).toContain("www-authenticate");
    } finally {
      await emulator.stop();
    }
  });

  it("closes keep-alive connections on stop and removes its temporary CA file", async () => {
    const emulator = await startEmulator();
    const agent = new https.Agent({ keepAlive: true, ca: emulator.caCertificate });
    const url = `${emulator.vaultUrl}/secrets?api-version=7.6`;
    expect((await request(url, { agent })).status).toBe(401);
    const started = Date.now();
    await emulator.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(existsSync(emulator.caCertificatePath!)).toBe(false);
    const error = await request(url, { agent }).then(
      () => undefined,
      (caught: NodeJS.ErrnoException) => caught,
    );
    expect(["ECONNREFUSED", "ECONNRESET"]).toContain(error?.code);
    agent.destroy();
  });

  it("keeps secrets, token key and CA in dataFile across restarts", async () => {
    const dataFile = join(directory, "vault.json");
    const first = await startEmulator({ dataFile });
    const client = new SecretClient(first.vaultUrl, first.credential, {
      ...first.clientOptions,
      disableChallengeResourceVerification: true,
    });
    await client.setSecret("survivor", "still here");
    const port = Number(new URL(first.vaultUrl).port);
    const oldToken = (await first.credential.getToken(`https://127.0.0.1:${port}/.default`)).token;
    await first.stop();
    expect(first.caCertificatePath).toBe(`${dataFile}.ca.pem`);
    expect(existsSync(first.caCertificatePath!)).toBe(true);

    // The same port, freed by stop(): the token was minted for this exact vault origin.
    const second = await startEmulator({ dataFile, port });
    try {
      expect(second.vaultUrl).toBe(first.vaultUrl);
      expect(second.caCertificate).toBe(first.caCertificate);
      expect(second.tenantId).toBe(first.tenantId);
      const again = new SecretClient(second.vaultUrl, second.credential, {
        ...second.clientOptions,
        disableChallengeResourceVerification: true,
      });
      expect((await again.getSecret("survivor")).value).toBe("still here");
      const agent = new https.Agent({ ca: second.caCertificate });
      const reused = await request(`${second.vaultUrl}/secrets?api-version=7.6`, {
        agent,
        headers: { authorization: `Bearer ${oldToken}` },
      });
      expect(reused.status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
