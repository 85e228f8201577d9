// createEmulatorHttpClient(): an emulator living inside this process, reached through an HttpClient that
// hands requests to its dispatcher (inProcessHttpClient.ts), with the same controls as a started server.
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { EmulatorClock } from "./vault/clock.js";
import type { EmulatorCredential } from "./identity/credential.js";
import { EmulatorCore } from "./emulatorCore.js";
import type { EmulatorEvents } from "./events/eventPublisher.js";
import type { EmulatorFaults } from "./faults/faults.js";
import { InProcessHttpClient } from "./inProcessHttpClient.js";
import type { EmulatorJournal } from "./transport/journal.js";
import type { EmulatorHttpClientOptions } from "./options.js";
import type { EmulatorIdentity } from "./identity/identities.js";
import type { EmulatorAccess } from "./access/accessControl.js";
import { emulatorVaults, type EmulatorVaults } from "./vault/emulatorVaults.js";
import { vaultUrlOf } from "./vault/vaultHosts.js";
import { IN_PROCESS_OPTION_KEYS, checkOptionKeys } from "./optionChecks.js";

/** An in-process emulator: an `HttpClient` plus the controls of the emulator behind it. */
export interface EmulatorHttpClient extends HttpClient {
  /** The vault URL to give a `SecretClient`: the default vault's, `https://emulator.vault.localhost` unless set. */
  readonly vaultUrl: string;
  /** The vaults (`https://<name>.vault.localhost` each): create, delete and list them. */
  readonly vaults: EmulatorVaults;
  /** Mints tokens this emulator accepts, as the default (all-powerful) identity. */
  readonly credential: EmulatorCredential;
  /** The named identities (option `identities`) and their ids. */
  readonly identities: Readonly<Record<string, EmulatorIdentity>>;
  /** A credential minting tokens for the named identity; TypeError naming the known ones when there is none. */
  credentialFor(name: string): EmulatorCredential;
  /** Authorization while running: assign and remove roles, set access policies. */
  readonly access: EmulatorAccess;
  /** The tenant GUID named in challenges and tokens. */
  readonly tenantId: string;
  /** The emulator clock. */
  readonly clock: EmulatorClock;
  /** Fault rules. */
  readonly faults: EmulatorFaults;
  /** The request journal. */
  readonly journal: EmulatorJournal;
  /** Key Vault secret events (Event Grid / CloudEvents shapes), driven by the vault and the clock. */
  readonly events: EmulatorEvents;
  /** Empties every vault, clears faults and the journal. */
  reset(): void;
}

/**
 * Creates an emulator that lives inside this process and answers through the returned `HttpClient`:
 * no sockets, no certificates, the same pipeline (auth, faults, handler, journal) as the server.
 *
 * @example
 * ```ts
 * const emulator = createEmulatorHttpClient();
 * const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
 * ```
 */
export function createEmulatorHttpClient(options: EmulatorHttpClientOptions = {}): EmulatorHttpClient {
  checkOptionKeys(options, IN_PROCESS_OPTION_KEYS, "createEmulatorHttpClient()");
  const core = new EmulatorCore(options);
  const client = new InProcessHttpClient(core.dispatcher);
  const vaults = emulatorVaults(core.vaults, (name) => vaultUrlOf(name, "https", ""), {
    created: (definition) => core.access.defineVault(definition.name.toLowerCase(), definition),
    deleted: (name) => core.access.forgetVault(name),
  });
  const vaultUrl = new URL(options.vaultUrl ?? vaults.url(core.vaults.defaultName)).origin;
  core.events.setVaultUrls((name) => (name === core.vaults.defaultName ? vaultUrl : vaults.url(name)));
  return {
    sendRequest: (request) => client.sendRequest(request),
    vaultUrl,
    vaults,
    credential: core.credential,
    identities: core.identities.record(),
    credentialFor: (name) => core.credentialFor(name),
    access: core.access,
    tenantId: core.tokens.tenantId,
    clock: core.clock,
    faults: core.faults,
    journal: core.journal,
    events: core.events,
    reset: () => core.reset(),
  };
}
