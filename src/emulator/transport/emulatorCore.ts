// The state one emulator instance shares between its adapters: clock, vault, token authority, faults,
// journal, CORS policy and the dispatcher that ties them together.
import { EmulatorClock } from "../vault/clock.js";
import { CorsPolicy } from "./cors.js";
import { EmulatorCredential } from "../identity/credential.js";
import { EventPublisher } from "../events/eventPublisher.js";
import { Dispatcher } from "./dispatcher.js";
import { FaultInjector } from "./faults.js";
import { Journal } from "./journal.js";
import {
  DEFAULT_IN_PROCESS_VAULT_URL,
  DEFAULT_TENANT_ID,
  checkTenantId,
  corsOrigins,
  type EmulatorCoreOptions,
  type EmulatorLogger,
} from "./options.js";
import { TokenAuthority } from "../identity/tokens.js";
import {
  VaultStore,
  defaultVaultSettings,
  type VaultSettings,
  type VaultSnapshot,
} from "../vault/vaultStore.js";

/** State carried over from a data file. */
export interface CoreSeed {
  tenantId?: string;
  tokenKey?: Buffer;
  vault?: VaultSnapshot;
}

/** One emulator's shared state. */
export class EmulatorCore {
  /** The clock of every timestamp and of token expiry. */
  readonly clock = new EmulatorClock();
  readonly store: VaultStore;
  readonly tokens: TokenAuthority;
  readonly faults: FaultInjector;
  readonly journal = new Journal();
  readonly dispatcher: Dispatcher;
  readonly credential: EmulatorCredential;
  /** Key Vault secret events (Event Grid shapes), published as the vault and the clock change. */
  readonly events: EventPublisher;
  /** The key tokens are signed with (persisted so tokens survive a restart). */
  readonly tokenKey: Buffer;
  private mutationListener: (() => void) | undefined;

  constructor(options: EmulatorCoreOptions, seed: CoreSeed = {}) {
    this.store = new VaultStore(vaultSettingsOf(options), this.clock, seed.vault);
    this.tokenKey = seed.tokenKey ?? TokenAuthority.generateKey();
    const tenantId = checkTenantId(options.tenantId ?? seed.tenantId ?? DEFAULT_TENANT_ID);
    this.tokens = new TokenAuthority(this.tokenKey, tenantId, this.clock);
    this.faults = new FaultInjector(() => this.clock.now());
    for (const rule of options.faults ?? []) this.faults.add(rule);
    this.credential = new EmulatorCredential(this.tokens);
    this.dispatcher = new Dispatcher({
      store: this.store,
      tokens: this.tokens,
      faults: this.faults,
      journal: this.journal,
      cors: new CorsPolicy(corsOrigins(options.cors)),
      logger: loggerOf(options),
      onMutation: () => {
        this.events.check();
        this.mutationListener?.();
      },
    });
    this.events = new EventPublisher(this.store, this.clock, DEFAULT_IN_PROCESS_VAULT_URL);
    this.clock.onChange(() => this.events.check());
  }

  /** Registers the (single) listener told about vault mutations. */
  onMutation(listener: () => void): void {
    this.mutationListener = listener;
  }

  /** Empties the vault and clears faults and the journal (the clock, keys and certificates stay). */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.journal.clear();
    this.mutationListener?.();
  }
}

function vaultSettingsOf(options: EmulatorCoreOptions): VaultSettings {
  return {
    recoverableDays: options.recoverableDays ?? defaultVaultSettings.recoverableDays,
    purgeProtection: options.purgeProtection ?? defaultVaultSettings.purgeProtection,
    deleteDelayMs: options.deleteDelayMs ?? defaultVaultSettings.deleteDelayMs,
    recoverDelayMs: options.recoverDelayMs ?? defaultVaultSettings.recoverDelayMs,
    purgeDelayMs: options.purgeDelayMs ?? defaultVaultSettings.purgeDelayMs,
  };
}

function loggerOf(options: EmulatorCoreOptions): EmulatorLogger | undefined {
  if (options.logger) return options.logger;
  if (!options.verbose) return undefined;
  return { info: (line) => process.stderr.write(`[keyvault-emulator] ${line}\n`) };
}
