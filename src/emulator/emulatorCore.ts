// The emulator's root object: the state one emulator shares between its adapters (the HTTPS server and the
// in-process HttpClient): clock, vaults, token authority, faults, journal, events and the dispatcher that
// ties them together. Every change of state — a secret written through the dispatcher, a vault created or
// deleted, a reset — takes one route, stateChanged(): events first, then the durability listener.
import { EmulatorClock } from "./vault/clock.js";
import { CorsPolicy } from "./transport/cors.js";
import { EmulatorCredential } from "./identity/credential.js";
import { EventPublisher } from "./events/eventPublisher.js";
import { Dispatcher } from "./transport/dispatcher.js";
import { FaultInjector } from "./faults/faults.js";
import { Journal } from "./transport/journal.js";
import {
  DEFAULT_TENANT_ID,
  REALISTIC_ROLE_ASSIGNMENT_DELAY_MS,
  REALISTIC_WINDOWS_MS,
  checkTenantId,
  corsOrigins,
  type EmulatorCoreOptions,
  type EmulatorLogger,
} from "./options.js";
import { TokenAuthority } from "./identity/tokens.js";
import { IdentityDirectory } from "./identity/identities.js";
import { AccessControl } from "./access/accessControl.js";
import { Throttle, resolveThrottleLimits } from "./transport/throttle.js";
import { checkCorsOrigins } from "./optionChecks.js";
import { vaultDomainsOf } from "./vault/vaultHosts.js";
import { VaultRegistry, type VaultRegistrySnapshot } from "./vault/vaultRegistry.js";
import { defaultVaultSettings, type VaultSettings } from "./vault/vaultSettings.js";

/** State carried over from a data file. */
export interface CoreSeed {
  tenantId?: string;
  tokenKey?: Buffer;
  vaults?: VaultRegistrySnapshot;
}

/** One emulator's shared state. */
export class EmulatorCore {
  /** The clock of every timestamp and of token expiry. */
  readonly clock = new EmulatorClock();
  /** Every vault, each with its own secrets and settings; one is the default. */
  readonly vaults: VaultRegistry;
  /** The domains whose subdomains name vaults: `vault.localhost` plus wildcard `certNames`. */
  readonly vaultDomains: readonly string[];
  readonly tokens: TokenAuthority;
  readonly faults: FaultInjector;
  readonly journal = new Journal();
  readonly dispatcher: Dispatcher;
  readonly credential: EmulatorCredential;
  /** The default identity and the named ones (`identities` option). */
  readonly identities: IdentityDirectory;
  /** Per-vault authorization of named identities (RBAC or access policies). */
  readonly access: AccessControl;
  /** Key Vault secret events (Event Grid shapes), published as the vault and the clock change. */
  readonly events: EventPublisher;
  /** The key tokens are signed with (persisted so tokens survive a restart). */
  readonly tokenKey: Buffer;
  private mutationListener: (() => void | Promise<void>) | undefined;

  constructor(options: EmulatorCoreOptions, seed: CoreSeed = {}) {
    this.vaults = new VaultRegistry(
      this.clock,
      {
        baseSettings: vaultSettingsOf(options),
        vaults: options.vaults,
        restored: seed.vaults,
        createOnFirstUse: options.createVaultsOnFirstUse,
      },
      () => this.stateChanged(),
    );
    this.vaultDomains = vaultDomainsOf(options.certNames ?? []);
    this.tokenKey = seed.tokenKey ?? TokenAuthority.generateKey();
    const tenantId = checkTenantId(options.tenantId ?? seed.tenantId ?? DEFAULT_TENANT_ID);
    this.tokens = new TokenAuthority(this.tokenKey, tenantId, this.clock);
    this.faults = new FaultInjector(() => this.clock.now());
    for (const rule of options.faults ?? []) this.faults.add(rule);
    this.credential = new EmulatorCredential(this.tokens);
    this.identities = new IdentityDirectory(options.identities);
    this.access = accessControlOf(options, this.identities, this.clock, this.vaults);
    this.dispatcher = new Dispatcher({
      identities: this.identities,
      access: this.access,
      vaults: this.vaults,
      vaultDomains: this.vaultDomains,
      tokens: this.tokens,
      faults: this.faults,
      journal: this.journal,
      cors: new CorsPolicy(checkCorsOrigins(corsOrigins(options.cors))),
      throttle: throttleOf(options, this.clock),
      logger: loggerOf(options),
      // Returned: the dispatcher answers only once the change is durable.
      onMutation: () => this.stateChanged(),
    });
    this.events = new EventPublisher(this.vaults, this.clock);
    this.clock.onChange(() => this.events.check());
  }

  /** A credential minting tokens for the named identity; TypeError when there is no such identity. */
  credentialFor(name: string): EmulatorCredential {
    return new EmulatorCredential(this.tokens, this.identities.named(name));
  }

  /** Registers the (single) listener told about vault mutations. */
  onMutation(listener: () => void | Promise<void>): void {
    this.mutationListener = listener;
  }

  /** Empties every vault and clears faults and the journal (vaults, clock, keys and certificates stay). */
  reset(): void {
    this.vaults.reset();
    this.faults.clear();
    this.journal.clear();
    void Promise.resolve(this.stateChanged()).catch(() => undefined);
  }

  /** The one route from a change of state to its events and its persistence (awaited where it matters). */
  private stateChanged(): void | Promise<void> {
    this.events.check();
    return this.mutationListener?.();
  }
}

/** The vault settings the options ask for: explicit values, else `realistic`'s windows, else the defaults. */
export function vaultSettingsOf(options: EmulatorCoreOptions): VaultSettings {
  const windows = options.realistic ? REALISTIC_WINDOWS_MS : defaultVaultSettings;
  return {
    recoverableDays: options.recoverableDays ?? defaultVaultSettings.recoverableDays,
    purgeProtection: options.purgeProtection ?? defaultVaultSettings.purgeProtection,
    deleteDelayMs: options.deleteDelayMs ?? windows.deleteDelayMs,
    recoverDelayMs: options.recoverDelayMs ?? windows.recoverDelayMs,
    purgeDelayMs: options.purgeDelayMs ?? windows.purgeDelayMs,
  };
}

function accessControlOf(
  options: EmulatorCoreOptions,
  identities: IdentityDirectory,
  clock: EmulatorClock,
  vaults: VaultRegistry,
): AccessControl {
  const delay = options.roleAssignmentDelayMs ?? (options.realistic ? REALISTIC_ROLE_ASSIGNMENT_DELAY_MS : 0);
  if (!Number.isFinite(delay) || delay < 0) {
    throw new RangeError("roleAssignmentDelayMs must be a finite number >= 0");
  }
  const access = new AccessControl({
    identities,
    clock,
    defaultVault: vaults.defaultName,
    hasVault: (name) => vaults.get(name) !== undefined,
    roleAssignmentDelayMs: delay,
  });
  for (const vault of options.vaults ?? []) {
    if (typeof vault !== "string") access.defineVault(vault.name.toLowerCase(), vault);
  }
  access.configure(options);
  return access;
}

function throttleOf(options: EmulatorCoreOptions, clock: EmulatorClock): Throttle | undefined {
  const throttle = options.throttle ?? options.realistic ?? false;
  if (throttle === false) return undefined;
  return new Throttle(resolveThrottleLimits(throttle), clock);
}

function loggerOf(options: EmulatorCoreOptions): EmulatorLogger | undefined {
  if (options.logger) return options.logger;
  if (!options.verbose) return undefined;
  return { info: (line) => process.stderr.write(`[keyvault-emulator] ${line}\n`) };
}
