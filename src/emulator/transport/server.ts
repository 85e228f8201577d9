// The socket adapter: an HTTPS (or HTTP) listener for the vault and a plain-HTTP loopback listener for
// the identity endpoint, plus the start/stop life cycle and the data file.
import type { HttpClient } from "@azure/core-rest-pipeline";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createCertificateAuthority,
  createServerCertificate,
  type CertificateAndKey,
} from "../identity/certificates.js";
import type { EmulatorClock } from "../vault/clock.js";
import type { EmulatorCredential } from "../identity/credential.js";
import { EmulatorCore } from "./emulatorCore.js";
import type { EmulatorEvents } from "../events/eventPublisher.js";
import { vaultNameOf } from "../events/eventShapes.js";
import { attachWebhook } from "../events/webhook.js";
import type { EmulatorFaults } from "./faults.js";
import { IDENTITY_PATH, identityRequestListener } from "../identity/identityEndpoint.js";
import { InProcessHttpClient } from "./inProcessHttpClient.js";
import type { EmulatorJournal } from "./journal.js";
import type { EmulatorOptions } from "./options.js";
import {
  DataFileWriter,
  loadDataFile,
  removeStaleTemporaryFiles,
  writeFileAtomic,
  type PersistedState,
} from "./persistence.js";
import { vaultRequestListener } from "./vaultListener.js";

/** Options a `SecretClient` (ours or the official one) needs to reach the emulator. */
export type EmulatorClientOptions = { tlsOptions: { ca: string } } | { allowInsecureConnection: true };

/** A started emulator. */
export interface RunningEmulator {
  /** The vault URL, e.g. `https://127.0.0.1:8443` (`http://` with the `http` option). */
  readonly vaultUrl: string;
  /** The CA certificate (PEM) the server certificate chains to; `undefined` with `http`. */
  readonly caCertificate: string | undefined;
  /** Where the CA PEM is written (beside the data file, or in a temporary directory); `undefined` with `http`. */
  readonly caCertificatePath: string | undefined;
  /** Mints tokens the emulator accepts for the scope asked. */
  readonly credential: EmulatorCredential;
  /** The managed-identity endpoint (App Service protocol), e.g. `http://127.0.0.1:40123/msi/token`. */
  readonly identityEndpoint: string;
  /** The secret the identity endpoint expects in `X-IDENTITY-HEADER`. */
  readonly identityHeader: string;
  /** The tenant GUID named in challenges and tokens. */
  readonly tenantId: string;
  /**
   * The variables a separate process needs: `KEYVAULT_URI`, `IDENTITY_ENDPOINT`, `IDENTITY_HEADER` and
   * (HTTPS only) `NODE_EXTRA_CA_CERTS`.
   */
  readonly env: Readonly<Record<string, string>>;
  /** `{ tlsOptions: { ca } }` for HTTPS, `{ allowInsecureConnection: true }` for HTTP. */
  readonly clientOptions: EmulatorClientOptions;
  /** The emulator clock (freeze, advance, set). */
  readonly clock: EmulatorClock;
  /** Fault rules. */
  readonly faults: EmulatorFaults;
  /** The request journal. */
  readonly journal: EmulatorJournal;
  /** Key Vault secret events (Event Grid / CloudEvents shapes), driven by the vault and the clock. */
  readonly events: EmulatorEvents;
  /** Empties the vault, clears faults and the journal; keeps certificates, keys and the clock. */
  reset(): void;
  /** Closes both listeners (keep-alive sockets included) and writes the data file. */
  stop(): Promise<void>;
  /** An in-process `HttpClient` on this emulator's state (no sockets). */
  createHttpClient(): HttpClient;
}

/** Starts an emulator listening on `host:port` (a free loopback port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const persisted = options.dataFile ? loadDataFile(options.dataFile) : undefined;
  if (options.dataFile) removeStaleTemporaryFiles(options.dataFile);
  const core = new EmulatorCore(options, {
    tenantId: persisted?.tenantId,
    tokenKey: persisted ? Buffer.from(persisted.tokenKey, "base64") : undefined,
    vault: persisted?.vault,
  });
  const secure = !options.http;
  const ca: CertificateAndKey | undefined = secure
    ? (persisted?.ca ?? createCertificateAuthority())
    : undefined;
  const temporaryDirectory =
    secure && !options.dataFile ? mkdtempSync(join(tmpdir(), "keyvault-emulator-")) : undefined;
  const caCertificatePath = !ca
    ? undefined
    : options.dataFile
      ? `${options.dataFile}.ca.pem`
      : join(temporaryDirectory!, "ca.pem");
  if (ca && caCertificatePath) await writeFileAtomic(caCertificatePath, ca.certificate);

  // The CA is kept even in HTTP mode once a data file has one, so switching modes does not rotate it.
  const keptCa = ca ?? persisted?.ca ?? createCertificateAuthority();
  const writer = options.dataFile
    ? new DataFileWriter(
        options.dataFile,
        (): PersistedState => ({
          schema: 1,
          tenantId: core.tokens.tenantId,
          tokenKey: core.tokenKey.toString("base64"),
          ca: keptCa,
          vault: core.store.snapshot(),
        }),
        options.persistDebounceMs ?? 50,
        (error) => process.emitWarning(`keyvault-emulator could not write its data file: ${error.message}`),
      )
    : undefined;
  if (writer) {
    core.onMutation(() => writer.schedule());
    await writer.flush();
  }

  const listener = vaultRequestListener(core.dispatcher, secure);
  const vaultServer = ca
    ? https.createServer({ ...serverTls(ca), keepAlive: true }, listener)
    : http.createServer({ keepAlive: true }, listener);
  const identityHeader = randomBytes(24).toString("hex");
  const identityServer = http.createServer(identityRequestListener(core.tokens, identityHeader));

  const host = options.host ?? "127.0.0.1";
  try {
    await listen(vaultServer, options.port ?? 0, host);
    await listen(identityServer, 0, "127.0.0.1");
  } catch (error) {
    await closeServer(vaultServer);
    if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
    throw error;
  }

  const vaultUrl = `${secure ? "https" : "http"}://${urlHost(host)}:${(vaultServer.address() as AddressInfo).port}`;
  const identityEndpoint = `http://127.0.0.1:${(identityServer.address() as AddressInfo).port}${IDENTITY_PATH}`;
  const env: Record<string, string> = {
    KEYVAULT_URI: vaultUrl,
    IDENTITY_ENDPOINT: identityEndpoint,
    IDENTITY_HEADER: identityHeader,
  };
  if (caCertificatePath) env["NODE_EXTRA_CA_CERTS"] = caCertificatePath;
  core.events.vaultUrl = vaultUrl;
  const warn = (message: string) => process.emitWarning(`keyvault-emulator: ${message}`);
  try {
    for (const webhook of options.eventWebhooks ?? []) {
      await attachWebhook(core.events, webhook, vaultNameOf(vaultUrl), warn);
    }
  } catch (error) {
    core.events.close();
    await Promise.all([closeServer(vaultServer), closeServer(identityServer)]);
    if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    vaultUrl,
    caCertificate: ca?.certificate,
    caCertificatePath,
    credential: core.credential,
    identityEndpoint,
    identityHeader,
    tenantId: core.tokens.tenantId,
    env,
    clientOptions: ca ? { tlsOptions: { ca: ca.certificate } } : { allowInsecureConnection: true },
    clock: core.clock,
    faults: core.faults,
    journal: core.journal,
    events: core.events,
    reset: () => core.reset(),
    createHttpClient: () => new InProcessHttpClient(core.dispatcher),
    stop: () =>
      (stopped ??= (async () => {
        core.events.close();
        await Promise.all([closeServer(vaultServer), closeServer(identityServer)]);
        await writer?.flush();
        if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
      })()),
  };
}

function serverTls(ca: CertificateAndKey): https.ServerOptions {
  const server = createServerCertificate(ca);
  // The chain (leaf + CA) lets clients that only know the CA build the path without AIA fetching.
  return { cert: server.certificate + ca.certificate, key: server.privateKey, minVersion: "TLSv1.2" };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The host part of the vault URL: wildcard binds are reached over loopback; IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
