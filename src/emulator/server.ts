// The socket adapter: an HTTPS (or HTTP) listener for the vault and a plain-HTTP loopback listener for
// the identity endpoint, plus the start/stop life cycle and the data file.
import type { HttpClient } from "@azure/core-rest-pipeline";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  createCertificateAuthority,
  createServerCertificate,
  type CertificateAndKey,
} from "./identity/certificates.js";
import type { EmulatorClock } from "./vault/clock.js";
import type { EmulatorCredential } from "./identity/credential.js";
import { EmulatorCore } from "./emulatorCore.js";
import { attachWebhook, type EventWebhook, type RunningEmulatorEvents } from "./events/webhook.js";
import type { EmulatorFaults } from "./faults/faults.js";
import { IDENTITY_PATH, identityRequestListener } from "./identity/identityEndpoint.js";
import { identityClientIdVariable, type EmulatorIdentity } from "./identity/identities.js";
import { InProcessHttpClient } from "./inProcessHttpClient.js";
import type { EmulatorJournal } from "./transport/journal.js";
import type { EmulatorOptions } from "./options.js";
import { writeCaFiles, type CaFiles } from "./persistence/caFiles.js";
import { openDataFile, type DurableState } from "./persistence/durableState.js";
import { startDurability } from "./durableEmulator.js";
import { onProcessExit } from "./persistence/exitCleanup.js";
import { readSeedFile, seedVault } from "./persistence/seed.js";
import { vaultRequestListener } from "./transport/vaultListener.js";
import type { EmulatorAccess } from "./access/accessControl.js";
import { emulatorVaults, type EmulatorVaults } from "./vault/emulatorVaults.js";
import { vaultUrlOf } from "./vault/vaultHosts.js";
import { vaultUriVariable } from "./vault/vaultSpecs.js";
import { certificateNamesOf, urlHostOf } from "./identity/serverNames.js";
import { SERVER_OPTION_KEYS, checkOptionKeys } from "./optionChecks.js";
import { DeliveryLog, setUpDashboard } from "./dashboard/dashboardSetup.js";
import type { RunningDashboard } from "./dashboard/dashboardServer.js";

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
  /** Mints tokens the emulator accepts for the scope asked, as the default (all-powerful) identity. */
  readonly credential: EmulatorCredential;
  /**
   * The named identities (option `identities`) and their ids. A separate process uses one through the
   * identity endpoint: `new ManagedIdentityCredential({ clientId })` or
   * `new DefaultAzureCredential({ managedIdentityClientId })` with its `clientId`.
   */
  readonly identities: Readonly<Record<string, EmulatorIdentity>>;
  /**
   * A credential minting tokens for the named identity (no identity endpoint round trip); TypeError
   * naming the known identities when there is none.
   */
  credentialFor(name: string): EmulatorCredential;
  /** Authorization while running: assign and remove roles, set access policies. */
  readonly access: EmulatorAccess;
  /** The managed-identity endpoint (App Service protocol), e.g. `http://127.0.0.1:40123/msi/token`. */
  readonly identityEndpoint: string;
  /** The secret the identity endpoint expects in `X-IDENTITY-HEADER`. */
  readonly identityHeader: string;
  /** The tenant GUID named in challenges and tokens. */
  readonly tenantId: string;
  /**
   * The variables a separate process needs: `KEYVAULT_URI`, `IDENTITY_ENDPOINT`, `IDENTITY_HEADER`,
   * (HTTPS only) `NODE_EXTRA_CA_CERTS`, and with named `vaults` one `KEYVAULT_URI_<NAME>` per vault
   * (upper case, hyphens as underscores), and one `KEYVAULT_IDENTITY_<NAME>_CLIENT_ID` per named identity.
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
  /**
   * Key Vault secret events (Event Grid / CloudEvents shapes), driven by the vault and the clock; webhooks
   * can be subscribed while the emulator runs.
   */
  readonly events: RunningEmulatorEvents;
  /**
   * The dashboard's URL, with the admin token in its fragment (`#token=…`; send it as
   * `Authorization: Bearer <token>` to the admin API under `/api/`); `undefined` without the `dashboard` option.
   */
  readonly dashboardUrl: string | undefined;
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
  const identityOptions = checkIdentityOptions(options);
  const seed = options.seed === undefined ? undefined : readSeedFile(options.seed);
  const host = options.host ?? "127.0.0.1";
  const certificateNames = certificateNamesOf(host, options.certNames);
  const dataFile = options.dataFile;
  // Nothing is written before both listeners are up: a start that fails leaves the disk as it found it
  // (the lock file, taken first so two emulators never load the same file, is removed again).
  const opened = dataFile ? openDataFile(dataFile) : undefined;
  const persisted = opened?.loaded?.state;
  let core: EmulatorCore;
  try {
    core = new EmulatorCore(options, {
      tenantId: persisted?.tenantId,
      tokenKey: persisted ? Buffer.from(persisted.tokenKey, "base64") : undefined,
      vaults: persisted?.vaults,
    });
  } catch (error) {
    opened?.lock.release();
    throw error;
  }
  const secure = !options.http;
  // The CA is kept even in HTTP mode once a data file has one, so switching modes does not rotate it.
  const keptCa = persisted?.ca ?? createCertificateAuthority();
  const ca: CertificateAndKey | undefined = secure ? keptCa : undefined;

  const listener = vaultRequestListener(core.dispatcher, secure);
  const vaultServer = ca
    ? https.createServer({ ...serverTls(ca, certificateNames), keepAlive: true }, listener)
    : http.createServer({ keepAlive: true }, listener);
  const identityHeader =
    identityOptions.header ?? persisted?.identity?.header ?? randomBytes(24).toString("hex");
  const identityServer = http.createServer(
    identityRequestListener(core.tokens, identityHeader, core.identities),
  );

  const identityPort = identityOptions.port ?? persisted?.identity?.port ?? 0;
  try {
    await listen(vaultServer, options.port ?? 0, host, "--port");
    // On the vault's host, so a client on another machine reaches both.
    await listen(identityServer, identityPort, host, "--identity-port", dataFile);
  } catch (error) {
    await Promise.all([closeServer(vaultServer), closeServer(identityServer)]);
    opened?.lock.release();
    throw error;
  }

  const scheme = secure ? "https" : "http";
  const port = String((vaultServer.address() as AddressInfo).port);
  const urlHost = urlHostOf(host, options.certNames);
  const vaults = emulatorVaults(core.vaults, (name) => vaultUrlOf(name, scheme, port), {
    created: (definition) => core.access.defineVault(definition.name.toLowerCase(), definition),
    deleted: (name) => core.access.forgetVault(name),
  });
  const addressUrl = `${scheme}://${urlHost}:${port}`;
  const vaultUrl = options.vaults?.length ? vaults.url(core.vaults.defaultName) : addressUrl;
  const boundIdentityPort = (identityServer.address() as AddressInfo).port;
  const identityEndpoint = `http://${urlHost}:${boundIdentityPort}${IDENTITY_PATH}`;
  const temporaryDirectory =
    secure && !dataFile ? mkdtempSync(join(tmpdir(), "keyvault-emulator-")) : undefined;
  const cleanUp = () => {
    if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
    opened?.lock.release();
  };
  const cancelExitCleanup = onProcessExit(cleanUp);
  core.events.setVaultUrls((name) => (name === core.vaults.defaultName ? vaultUrl : vaults.url(name)));

  let durable: DurableState | undefined;
  let caFiles: CaFiles | undefined;
  let dashboard: RunningDashboard | undefined;
  const deliveries = new DeliveryLog(() => core.clock.now());
  const warn = (message: string) => process.emitWarning(`keyvault-emulator: ${message}`);
  let stopped: Promise<void> | undefined;
  const subscribeWebhook = async (webhook: EventWebhook): Promise<() => void> => {
    const unsubscribe = await attachWebhook(
      core.events,
      webhook,
      core.vaults.defaultName,
      warn,
      deliveries.add,
    );
    // A stop during the handshake closed the publisher: a subscription made after it would never be told.
    if (stopped) {
      unsubscribe();
      throw new Error("The emulator is stopped: no webhook can be subscribed to it");
    }
    return unsubscribe;
  };
  try {
    if (ca) {
      // Absolute: the printed NODE_EXTRA_CA_CERTS is exported to processes started in other folders.
      const base = dataFile ? `${resolve(dataFile)}.` : `${temporaryDirectory!}/`;
      const existing = process.env["NODE_EXTRA_CA_CERTS"];
      caFiles = await writeCaFiles(ca.certificate, `${base}ca.pem`, `${base}ca-bundle.pem`, existing);
    }
    if (dataFile) {
      durable = await startDurability(dataFile, opened!.loaded, core, {
        ca: keptCa,
        identity: { port: boundIdentityPort, header: identityHeader },
      });
      opened!.lock.update({ port: Number(port), identityPort: boundIdentityPort });
    }
    if (seed) {
      seedVault(core.vaults.defaultStore, seed);
      await durable?.commit();
    }
    for (const webhook of options.eventWebhooks ?? []) await subscribeWebhook(webhook);
    if (options.dashboard) {
      const dashboardHost = (options.dashboard === true ? undefined : options.dashboard.host) ?? "127.0.0.1";
      const tls = ca ? serverTls(ca, certificateNamesOf(dashboardHost, options.certNames)) : undefined;
      const context = {
        ...{ vaults: core.vaults, clock: core.clock, faults: core.faults, journal: core.journal },
        ...{ events: core.events, deliveries: () => deliveries.list(), commit: () => core.commitChange() },
        subscribeWebhook,
        vaultUrl: (name: string) => (name === core.vaults.defaultName ? vaultUrl : vaults.url(name)),
        resetAll: () => core.reset(),
      };
      const dashboardUrlHost = urlHostOf(dashboardHost, options.certNames);
      dashboard = await setUpDashboard(context, dashboardHost, dashboardUrlHost, tls);
    }
  } catch (error) {
    core.events.close();
    await Promise.all([closeServer(vaultServer), closeServer(identityServer), dashboard?.close()]);
    await durable?.stop().catch(() => undefined);
    cleanUp();
    cancelExitCleanup();
    throw error;
  }

  const env: Record<string, string> = {
    KEYVAULT_URI: vaultUrl,
    IDENTITY_ENDPOINT: identityEndpoint,
    IDENTITY_HEADER: identityHeader,
  };
  if (caFiles) env["NODE_EXTRA_CA_CERTS"] = caFiles.trustPath;
  if (options.vaults?.length) {
    for (const vault of vaults.list()) env[vaultUriVariable(vault.name)] = vault.url;
  }
  const identities = core.identities.record();
  for (const [name, identity] of Object.entries(identities)) {
    env[identityClientIdVariable(name)] = identity.clientId;
  }

  return {
    vaultUrl,
    addressUrl,
    vaults,
    caCertificate: ca?.certificate,
    caCertificatePath: caFiles?.caPath,
    credential: core.credential,
    identities,
    credentialFor: (name) => core.credentialFor(name),
    access: core.access,
    identityEndpoint,
    identityHeader,
    tenantId: core.tokens.tenantId,
    env,
    clientOptions: ca ? { tlsOptions: { ca: ca.certificate } } : { allowInsecureConnection: true },
    clock: core.clock,
    faults: core.faults,
    journal: core.journal,
    events: {
      subscribe: (listener, subscribeOptions) => core.events.subscribe(listener, subscribeOptions),
      published: () => core.events.published(),
      subscribeWebhook,
    },
    dashboardUrl: dashboard?.url,
    reset: () => core.reset(),
    createHttpClient: () => new InProcessHttpClient(core.dispatcher),
    stop: () =>
      (stopped ??= (async () => {
        core.events.close();
        try {
          await Promise.all([closeServer(vaultServer), closeServer(identityServer), dashboard?.close()]);
          await durable?.stop();
        } finally {
          cleanUp();
          cancelExitCleanup();
        }
      })()),
  };
}

function checkIdentityOptions(options: EmulatorOptions): { port?: number; header?: string } {
  const { identityPort: port, identityHeader: header } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`identityPort must be a port number from 0 to 65535 (got ${String(port)})`);
  }
  if (header !== undefined && !(typeof header === "string" && /^[\x21-\x7e]{8,256}$/.test(header))) {
    throw new TypeError("identityHeader must be 8-256 visible ASCII characters (no spaces)");
  }
  return { port, header };
}

function serverTls(ca: CertificateAndKey, names: readonly string[]): https.ServerOptions {
  const server = createServerCertificate(ca, names);
  // The chain (leaf + CA) lets clients that only know the CA build the path without AIA fetching.
  return { cert: server.certificate + ca.certificate, key: server.privateKey, minVersion: "TLSv1.2" };
}

/** Listens, turning EADDRINUSE into a message that says which port and what to do. */
function listen(
  server: http.Server,
  port: number,
  host: string,
  flag: string,
  dataFile?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE") return reject(error);
      const kept = dataFile ? ` (kept in ${dataFile} so exported variables survive restarts)` : "";
      const taken = Object.assign(
        new Error(
          `Port ${port} on ${host}${kept} is already in use, by another emulator or program. ` +
            `Stop what holds it, or pass ${flag} 0 to pick a free port.`,
        ),
        { code: "EADDRINUSE" },
      );
      reject(taken);
    };
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
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
