// Options of startEmulator() and createEmulatorHttpClient(), and their defaults.
import type { EventWebhook } from "./events/webhook.js";
import type { EmulatorIdentityDefinition } from "./identity/identities.js";
import type { AccessPolicyDefinition, RoleAssignmentDefinition } from "./protocol/accessTypes.js";
import type { VaultDefinition } from "./vault/vaultRegistry.js";
import type { FaultRule } from "./faults/faults.js";
import type { ThrottleLimits } from "./transport/throttle.js";

/** Where the emulator's redacted access log goes. */
export interface EmulatorLogger {
  /** Receives one line per request (method, path, operation, status, latency; never values or tokens). */
  info(line: string): void;
}

/** Options shared by the socket emulator and the in-process client. */
export interface EmulatorCoreOptions {
  /**
   * Soft-delete retention in days (7–90).
   * @default 90
   */
  recoverableDays?: number;
  /**
   * Purge protection: purges answer 403 and `recoveryLevel` is `Recoverable`.
   * @default false
   */
  purgeProtection?: boolean;
  /**
   * How long a delete keeps propagating (get-deleted 404, set/purge 409), in milliseconds.
   * @default 0 (10000 with `realistic`)
   */
  deleteDelayMs?: number;
  /**
   * How long a recover keeps propagating (get 404, set 409), in milliseconds.
   * @default 0 (10000 with `realistic`)
   */
  recoverDelayMs?: number;
  /**
   * How long after a purge the name stays unusable (set/restore 409), in milliseconds.
   * @default 0 (20000 with `realistic`)
   */
  purgeDelayMs?: number;
  /**
   * Behave like the service where fast tests would rather not: propagation windows (delete and recover
   * {@link REALISTIC_WINDOWS_MS | 10 s}, purge 20 s) and per-vault throttling (`throttle: true`). Each part
   * can also be set on its own, and an explicit `deleteDelayMs`, `recoverDelayMs`, `purgeDelayMs` or
   * `throttle` wins over it.
   * @default false
   */
  realistic?: boolean;
  /**
   * Per-vault throttling like the service's: `true` for its limits (4,000 transactions and 300 creates per
   * rolling 10 s, answered 429 `Throttled` without Retry-After), an object to change them, `false` for none.
   * @default false (true with `realistic`)
   */
  throttle?: boolean | ThrottleLimits;
  /**
   * Allowed CORS origin(s); `"*"` allows any. CORS is off (like the real service) when absent.
   * @default undefined
   */
  cors?: string | readonly string[];
  /**
   * Fault rules installed at start.
   * @default []
   */
  faults?: readonly FaultRule[];
  /**
   * The tenant GUID named in challenges and tokens.
   * @default "72f988bf-0000-4000-8000-00000000e1a0"
   */
  tenantId?: string;
  /**
   * The vaults, each addressed as `https://<name>.vault.localhost:<port>`; a name alone takes the settings
   * above, an object sets its own. The first is the default vault, the one plain addresses
   * (`https://127.0.0.1:<port>`) reach. One vault called "emulator" when absent.
   * @default ["emulator"]
   */
  vaults?: readonly (string | VaultDefinition)[];
  /**
   * Create a vault the first time a request names it in its host, instead of answering 404 VaultNotFound.
   * @default false
   */
  createVaultsOnFirstUse?: boolean;
  /**
   * Extra names: the server certificate covers them (socket emulator), and a wildcard `*.<domain>` entry
   * makes `<vault>.<domain>` address vault `<vault>` too (challenge resource `https://<domain>:<port>`).
   * @default []
   */
  certNames?: readonly string[];
  /**
   * Named identities (user-assigned managed identities), each with its own client id and object id in
   * its tokens. The identity endpoint picks one by the `client_id` query parameter, as App Service does
   * (`ManagedIdentityCredential({ clientId })`, `DefaultAzureCredential({ managedIdentityClientId })`);
   * `credentialFor(name)` gives one in process. A request without a client id gets the default identity,
   * which every vault lets do anything.
   * @default []
   */
  identities?: readonly (string | EmulatorIdentityDefinition)[];
  /**
   * Vaults (by name) that use Azure RBAC: a named identity needs a role assignment granting each
   * operation's data action, else 403 `ForbiddenByRbac`. `roleAssignments` imply it for their vaults.
   * @default []
   */
  rbacVaults?: readonly string[];
  /**
   * Role assignments in effect from the start: `{ role, identity, vault?, secret? }` or
   * `"ROLE=IDENTITY@VAULT[/secrets/NAME]"`, e.g. `"Key Vault Secrets User=reader@app"`. Roles are the
   * built-in secrets roles by their real names; the scope is the vault, or one secret.
   * @default []
   */
  roleAssignments?: readonly (string | RoleAssignmentDefinition)[];
  /**
   * Access policies: `{ identity, vault?, permissions }` or `"IDENTITY@VAULT=get,list"` (permissions get,
   * list, set, delete, backup, restore, recover, purge). The vault then uses access policies: a missing
   * permission answers 403 `AccessDenied`.
   * @default []
   */
  accessPolicies?: readonly (string | AccessPolicyDefinition)[];
  /**
   * How long a role assignment made while the emulator runs (`emulator.access.assignRole`) takes to be in
   * effect, in emulator-clock milliseconds; Azure warns that assignments take minutes to propagate.
   * @default 0 (600000 with `realistic`)
   */
  roleAssignmentDelayMs?: number;
  /**
   * Logs one redacted line per request through `logger` (or `console.error` without one).
   * @default false
   */
  verbose?: boolean;
  /**
   * Receives the access log; setting it turns the log on.
   * @default undefined
   */
  logger?: EmulatorLogger;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions extends EmulatorCoreOptions {
  /**
   * Port of the vault listener; `0` picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Address to listen on. Keep it on loopback: the emulator has no real authentication.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * Serve plain HTTP instead of HTTPS (clients then need `allowInsecureConnection: true`).
   * @default false
   */
  http?: boolean;
  /**
   * A JSON file that keeps the vault, the token key, the CA and the identity endpoint across restarts.
   * Every write is on disk before it is answered: it goes to a mutation log (`<dataFile>.log.<n>`) that is
   * folded into the file in the background. `<dataFile>.lock` keeps a second emulator off the file, and the
   * CA PEM is written beside it as `<dataFile>.ca.pem`. In memory only when absent.
   * @default undefined
   */
  dataFile?: string;
  /**
   * Port of the identity endpoint. With `dataFile`, the port (and header) used at the first start are kept
   * in it and reused, so `IDENTITY_ENDPOINT` stays valid across restarts; `0` picks a free one.
   * @default the data file's, else 0
   */
  identityPort?: number;
  /**
   * The secret the identity endpoint expects in `X-IDENTITY-HEADER` (8–256 visible ASCII characters).
   * @default the data file's, else random
   */
  identityHeader?: string;
  /**
   * A file of secrets to load at start: JSON (`{"name": "value"}` or `{"name": {"value", "contentType",
   * "tags"}}`) or `.env`-style `NAME=value` lines (`_` in names becomes `-`). Names the vault already holds
   * are left as they are.
   * @default undefined
   */
  seed?: string;
  /**
   * Webhooks that receive the vault's secret events, validated at start as Event Grid does.
   * @default []
   */
  eventWebhooks?: readonly EventWebhook[];
}

/** Options of {@link createEmulatorHttpClient}. */
export interface EmulatorHttpClientOptions extends EmulatorCoreOptions {
  /**
   * The vault URL given back as `vaultUrl`. Requests are routed by host like the socket emulator's:
   * `<vault>.vault.localhost` reaches that vault, any other host the default vault.
   * @default "https://<default vault>.vault.localhost"
   */
  vaultUrl?: string;
}

/**
 * The propagation windows `realistic` turns on. The service's recordings show deletions visible after
 * ~8–17 s and recovered secrets after ~10 s; a purged name stayed unusable for up to ~40 s
 * (docs/service-behaviour.md#propagation-windows). 10 s makes a 2-s SDK poller poll several times, as against
 * the service, without the long tail; tests that cannot wait freeze the emulator clock and advance it.
 */
export const REALISTIC_WINDOWS_MS = Object.freeze({
  deleteDelayMs: 10_000,
  recoverDelayMs: 10_000,
  purgeDelayMs: 20_000,
});

/**
 * The role-assignment propagation delay `realistic` turns on: Azure's RBAC troubleshooting guide says
 * changes can take up to 10 minutes to take effect (docs/service-behaviour.md#authorization).
 */
export const REALISTIC_ROLE_ASSIGNMENT_DELAY_MS = 600_000;

/** The tenant GUID used when none is given. */
export const DEFAULT_TENANT_ID = "72f988bf-0000-4000-8000-00000000e1a0";
/** The vault URL of the in-process client (a reserved `.localhost` name: it never reaches a network). */
export const DEFAULT_IN_PROCESS_VAULT_URL = "https://emulator.vault.localhost";

/** The CORS origins of `cors` as a list. */
export function corsOrigins(cors: string | readonly string[] | undefined): string[] {
  if (cors === undefined) return [];
  return (typeof cors === "string" ? [cors] : [...cors]).filter((origin) => origin.length > 0);
}

/** Checks a tenant id is a GUID (it lands in URLs the SDKs parse). */
export function checkTenantId(tenantId: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) {
    throw new TypeError(`tenantId must be a GUID (got "${tenantId}")`);
  }
  return tenantId;
}
