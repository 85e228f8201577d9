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
import { emulatorVaults, type EmulatorVaults } from "../vault/emulatorVaults.js";
import { vaultUrlOf } from "../vault/vaultHosts.js";
import { vaultUriVariable } from "../vault/vaultSpecs.js";
import { certificateNamesOf, urlHostOf } from "../identity/serverNames.js";
import { SERVER_OPTION_KEYS, checkOptionKeys } from "./optionChecks.js";

/** Options a `SecretClient` (ours or the official one) needs to reach the emulator. */
export type EmulatorClientOptions = { tlsOptions: { ca: string } } | { allowInsecureConnection: true };

/** A started emulator. */
export interface RunningEmulator {
  /**
   * The default vault's URL: `https://<vault>.vault.localhost:<port>` when the `vaults` option names vaults,
   * the plain address `https://127.0.0.1:<port>` otherwise (`http://` with the `http` option).
   */
  readonly vaultUrl: string;
  /**
   * The default vault's plain address, e.g. `https://127.0.0.1:8443`. Its challenge names this origin, so
   * the official clients need `disableChallengeResourceVerification` here; vault URLs by name do not.
   */
  readonly addressUrl: string;
  /** The vaults: create, delete and list them, and get their URLs. */
  readonly vaults: EmulatorVaults;
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
   * The variables a separate process needs: `KEYVAULT_URI`, `IDENTITY_ENDPOINT`, `IDENTITY_HEADER`,
   * (HTTPS only) `NODE_EXTRA_CA_CERTS`, and with named `vaults` one `KEYVAULT_URI_<NAME>` per vault
   * (upper case, hyphens as underscores).
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
  /** Empties every vault, clears faults and the journal; keeps vaults, certificates, keys and the clock. */
  reset(): void;
  /** Closes both listeners (keep-alive sockets included) and writes the data file. */
  stop(): Promise<void>;
  /** An in-process `HttpClient` on this emulator's state (no sockets). */
  createHttpClient(): HttpClient;
}

/** Starts an emulator listening on `host:port` (a free loopback port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptionKeys(options, SERVER_OPTION_KEYS, "startEmulator()");
  const host = options.host ?? "127.0.0.1";
  const certificateNames = certificateNamesOf(host, options.certNames);
  const persisted = options.dataFile ? loadDataFile(options.dataFile) : undefined;
  if (options.dataFile) removeStaleTemporaryFiles(options.dataFile);
  const core = new EmulatorCore(options, {
    tenantId: persisted?.tenantId,
    tokenKey: persisted ? Buffer.from(persisted.tokenKey, "base64") : undefined,
    vaults: persisted?.vaults,
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
          schema: 2,
          tenantId: core.tokens.tenantId,
          tokenKey: core.tokenKey.toString("base64"),
          ca: keptCa,
          vaults: core.vaults.snapshot(),
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
    ? https.createServer({ ...serverTls(ca, certificateNames), keepAlive: true }, listener)
    : http.createServer({ keepAlive: true }, listener);
  const identityHeader = randomBytes(24).toString("hex");
  const identityServer = http.createServer(identityRequestListener(core.tokens, identityHeader));

  try {
    await listen(vaultServer, options.port ?? 0, host);
    // On the vault's host, so a client on another machine reaches both.
    await listen(identityServer, 0, host);
  } catch (error) {
    await Promise.all([closeServer(vaultServer), closeServer(identityServer)]);
    if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
    throw error;
  }

  const scheme = secure ? "https" : "http";
  const port = String((vaultServer.address() as AddressInfo).port);
  const urlHost = urlHostOf(host, options.certNames);
  const vaults = emulatorVaults(core.vaults, (name) => vaultUrlOf(name, scheme, port));
  const addressUrl = `${scheme}://${urlHost}:${port}`;
  const vaultUrl = options.vaults?.length ? vaults.url(core.vaults.defaultName) : addressUrl;
  const identityEndpoint = `http://${urlHost}:${(identityServer.address() as AddressInfo).port}${IDENTITY_PATH}`;
  const env: Record<string, string> = {
    KEYVAULT_URI: vaultUrl,
    IDENTITY_ENDPOINT: identityEndpoint,
    IDENTITY_HEADER: identityHeader,
  };
  if (caCertificatePath) env["NODE_EXTRA_CA_CERTS"] = caCertificatePath;
  if (options.vaults?.length) {
    for (const vault of vaults.list()) env[vaultUriVariable(vault.name)] = vault.url;
  }
  core.events.setVaultUrls((name) => (name === core.vaults.defaultName ? vaultUrl : vaults.url(name)));
  const warn = (message: string) => process.emitWarning(`keyvault-emulator: ${message}`);
  try {
    for (const webhook of options.eventWebhooks ?? []) {
      await attachWebhook(core.events, webhook, core.vaults.defaultName, warn);
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
    addressUrl,
    vaults,
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

function serverTls(ca: CertificateAndKey, names: readonly string[]): https.ServerOptions {
  const server = createServerCertificate(ca, names);
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
