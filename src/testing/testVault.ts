// useVault(): one fresh vault for a test file, a worker or a single test, on the run-wide HTTPS emulator a
// global setup started (vitest.ts, jestGlobalSetup.ts), or else on an emulator of its own inside this
// process. Both give the same TestVault, so a test does not change with its transport.
import type { TokenCredential } from "@azure/core-auth";
import {
  createEmulatorHttpClient,
  type EmulatorCoreOptions,
  type FaultRule,
  type JournalEntry,
} from "../emulator/index.js";
import { SecretClient, type KeyVaultSecret, type SecretClientOptions } from "../index.js";
import { findConnection, type HarnessConnection } from "./connection.js";
import { remoteControl } from "./controlChannel.js";
import { readFixture, type SeedFixture } from "./fixtures.js";
import { IdentityEndpointCredential } from "./identityCredential.js";
import { pickRequests, type RequestFilter } from "./requests.js";
import { controlEmulator, type TestVaultDefinition, type VaultControl } from "./vaultControl.js";

/** Options of {@link useVault}: the vault's settings and authorization, and where it lives. */
export interface UseVaultOptions extends TestVaultDefinition {
  /**
   * `"https"`: on the run-wide emulator a global setup started (an Error when none did); `"in-process"`: on
   * an emulator of its own, reached through an in-process `HttpClient` (no sockets).
   * @default "https" when a global setup started an emulator, else "in-process"
   */
  transport?: "https" | "in-process";
  /**
   * The named identities of the vault's own emulator (`"in-process"` only: the run-wide emulator's
   * identities are the global setup's `identities` option).
   * @default []
   */
  identities?: EmulatorCoreOptions["identities"];
}

/** The emulator clock, shared by every vault of one emulator. */
export interface TestClock {
  /** Moves the emulator clock forward by `ms` (scheduled purges fall due, tokens and secrets expire). */
  advance(ms: number): Promise<void>;
  /** The emulator clock's time. */
  now(): Promise<Date>;
}

/** Fault rules aimed at one test vault. */
export interface TestFaults {
  /** Adds a rule (its `vault` is this vault); returns its id. */
  add(rule: FaultRule): Promise<string>;
  /** Removes a rule; `false` when there was none with that id. */
  remove(id: string): Promise<boolean>;
}

/** A fresh, isolated vault for tests. Dispose of it (`await using`, or `dispose()` in an `afterAll`). */
export interface TestVault extends AsyncDisposable {
  /** The vault name, unique in its emulator. */
  readonly name: string;
  /** Its URL, e.g. `https://test-3.vault.localhost:40123` (`https://test-1.vault.localhost` in process). */
  readonly url: string;
  /** Where it lives. */
  readonly transport: "https" | "in-process";
  /** A credential of the default identity, which may do anything. */
  readonly credential: TokenCredential;
  /**
   * What a `SecretClient` (ours or the official one) needs to reach the vault: `{ httpClient }` in process,
   * `{ tlsOptions: { ca } }` over HTTPS.
   */
  readonly clientOptions: SecretClientOptions;
  /** The emulator clock (shared with the other vaults of a run-wide emulator). */
  readonly clock: TestClock;
  /** Fault rules that hit only this vault. */
  readonly faults: TestFaults;
  /** A `SecretClient` for this vault, as the default identity or, with `identity`, as that named identity. */
  client(options?: SecretClientOptions & { identity?: string }): SecretClient;
  /** A `TokenCredential` of the named identity (the global setup's or `useVault`'s `identities`). */
  asIdentity(name: string): TokenCredential;
  /** Writes the secrets of a JSON or .env fixture (a path, or the object); `requests()` starts after them. */
  seed(fixture: string | SeedFixture): Promise<KeyVaultSecret[]>;
  /** Empties the vault (deleted secrets too), removes its fault rules and starts `requests()` afresh. */
  reset(): Promise<void>;
  /** The requests the vault answered since it was opened, reset or seeded, that match `filter`. */
  requests(filter?: RequestFilter): Promise<JournalEntry[]>;
  /** Deletes the vault (and its fault rules). */
  dispose(): Promise<void>;
}

/** The vaults opened and not yet disposed in this module instance (one per test file), newest last. */
const openVaults: TestVault[] = [];

/**
 * Opens a fresh, isolated vault: on the run-wide HTTPS emulator when a Vitest or Jest global setup of
 * `keyvault-secrets-client/testing` started one, else on an emulator inside this process.
 *
 * @example
 * ```ts
 * await using vault = await useVault();
 * await vault.seed({ "db-password": "s3cret" });
 * const client = vault.client();
 * ```
 */
export async function useVault(options: UseVaultOptions = {}): Promise<TestVault> {
  const { transport, identities, ...definition } = options;
  const connection = transport === "in-process" ? undefined : await findConnection();
  if (transport === "https" && !connection) {
    throw new Error(
      'useVault({ transport: "https" }) needs the run-wide emulator: add the global setup of ' +
        "keyvault-secrets-client/testing to the test runner's configuration (docs/testing.md).",
    );
  }
  if (connection && identities !== undefined) {
    throw new TypeError(
      "useVault({ identities }) is for in-process vaults; the run-wide emulator's identities are its global setup's.",
    );
  }
  const backend = connection ? httpsBackend(connection) : inProcessBackend(identities);
  const created = await backend.control.createVault(definition);
  const vault = testVault(created.name, created.url, backend);
  openVaults.push(vault);
  return vault;
}

/** What a vault's transport provides. */
interface Backend {
  transport: "https" | "in-process";
  control: VaultControl;
  credential: TokenCredential;
  clientOptions: SecretClientOptions;
  credentialFor(identity: string): TokenCredential;
}

function httpsBackend(connection: HarnessConnection): Backend {
  const { identityEndpoint, identityHeader, identities } = connection;
  return {
    transport: "https",
    control: remoteControl(connection.controlUrl, connection.controlToken),
    credential: new IdentityEndpointCredential(identityEndpoint, identityHeader, undefined),
    clientOptions: { tlsOptions: { ca: connection.caCertificate } },
    credentialFor(identity) {
      const known = identities[identity];
      if (!known) throw unknownIdentity(identity, Object.keys(identities), "the global setup's");
      return new IdentityEndpointCredential(identityEndpoint, identityHeader, known.clientId);
    },
  };
}

function inProcessBackend(identities: EmulatorCoreOptions["identities"]): Backend {
  const emulator = createEmulatorHttpClient({ identities });
  return {
    transport: "in-process",
    control: controlEmulator(emulator),
    credential: emulator.credential,
    clientOptions: { httpClient: emulator },
    credentialFor(identity) {
      if (!emulator.identities[identity]) {
        throw unknownIdentity(identity, Object.keys(emulator.identities), "useVault()'s");
      }
      return emulator.credentialFor(identity);
    },
  };
}

function unknownIdentity(name: string, known: string[], whose: string): TypeError {
  const list = known.length ? known.join(", ") : "(none)";
  return new TypeError(`No identity named "${name}" in ${whose} identities; they are: ${list}`);
}

function testVault(name: string, url: string, backend: Backend): TestVault {
  const { control } = backend;
  let disposed: Promise<void> | undefined;
  const vault: TestVault = {
    name,
    url,
    transport: backend.transport,
    credential: backend.credential,
    clientOptions: backend.clientOptions,
    clock: {
      advance: async (ms) => void (await control.advanceClock(ms)),
      now: async () => new Date(await control.now()),
    },
    faults: {
      add: (rule) => control.addFault(name, rule),
      remove: (id) => control.removeFault(id),
    },
    client({ identity, ...options } = {}) {
      const credential = identity === undefined ? backend.credential : backend.credentialFor(identity);
      return new SecretClient(url, credential, { ...backend.clientOptions, ...options });
    },
    asIdentity: (identity) => backend.credentialFor(identity),
    async seed(fixture) {
      const secrets = await readFixture(fixture);
      const client = vault.client();
      const written = await Promise.all(
        secrets.map(({ name: secretName, value, ...properties }) =>
          client.setSecret(secretName, value, properties),
        ),
      );
      await control.markJournal(name);
      return written;
    },
    reset: () => control.resetVault(name),
    async requests(filter = {}) {
      return pickRequests(await control.journal(name), filter, name);
    },
    dispose: () =>
      (disposed ??= (async () => {
        const index = openVaults.indexOf(vault);
        if (index >= 0) openVaults.splice(index, 1);
        await control.deleteVault(name);
      })()),
    [Symbol.asyncDispose]: () => vault.dispose(),
  };
  return vault;
}

/** The newest open vault of this test file; an Error when there is none. */
export function currentVault(): TestVault {
  const vault = openVaults[openVaults.length - 1];
  if (!vault) {
    throw new Error(
      "No test vault is open: call `await useVault()` first (in a beforeAll, or with `await using` in a test).",
    );
  }
  return vault;
}
