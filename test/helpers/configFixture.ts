// loadSecretsConfig on an in-process emulator: clients at the default retry options, the loader's timers on
// a simulated clock that also moves the emulator's, and request counts read from the emulator's journal.
import {
  createEmulatorHttpClient,
  type EmulatorHttpClient,
  type EmulatorHttpClientOptions,
} from "../../src/emulator/index.js";
import {
  loadSecretsConfig,
  SecretClient,
  type SecretsConfig,
  type SecretsConfigOptions,
  type SecretsConfigTree,
  type SetSecretOptions,
} from "../../src/index.js";
import { seededRandom, SimulatedClock } from "./cacheFixture.js";

export interface ConfigFixture {
  emulator: EmulatorHttpClient;
  clock: SimulatedClock;
  /** A client on the default vault, with the client's default retry options. */
  client: SecretClient;
  /** A client on another vault of the same emulator (created on first use). */
  clientOf(vault: string): SecretClient;
  /** Sets secrets (through `client` unless one is given). */
  seed(
    secrets: Record<string, string | ({ value: string } & SetSecretOptions)>,
    on?: SecretClient,
  ): Promise<void>;
  /** Loads with the simulated clock and a seeded random; disposed by `dispose()`. */
  load(
    options?: SecretsConfigOptions,
    source?: SecretClient | SecretClient[],
  ): Promise<SecretsConfig<SecretsConfigTree>>;
  /** Journalled requests of one operation (challenge 401s aside), from the mark on (see `mark`). */
  count(operation: "getSecret" | "getSecrets", name?: string): number;
  /** Forgets the journal so far: counts start again from zero. */
  mark(): void;
  dispose(): void;
}

export function createConfigFixture(emulatorOptions: EmulatorHttpClientOptions = {}): ConfigFixture {
  const emulator = createEmulatorHttpClient({ createVaultsOnFirstUse: true, ...emulatorOptions });
  const clock = new SimulatedClock(emulator.clock);
  const clientOf = (vault: string): SecretClient =>
    new SecretClient(`https://${vault}.vault.localhost`, emulator.credential, { httpClient: emulator });
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  const configs: SecretsConfig<unknown>[] = [];
  return {
    emulator,
    clock,
    client,
    clientOf,
    async seed(secrets, on = client) {
      for (const [name, spec] of Object.entries(secrets)) {
        const { value, ...options } = typeof spec === "string" ? { value: spec } : spec;
        await on.setSecret(name, value, options);
      }
    },
    async load(options = {}, source = client) {
      const config = await loadSecretsConfig(source, { clock, random: seededRandom(7), ...options });
      configs.push(config);
      return config;
    },
    count: (operation, name) =>
      emulator.journal
        .entries()
        .filter(
          (entry) =>
            entry.operation === operation &&
            entry.status !== 401 &&
            (name === undefined || entry.secretName?.toLowerCase() === name.toLowerCase()),
        ).length,
    mark: () => emulator.journal.clear(),
    dispose() {
      for (const config of configs) config.dispose();
    },
  };
}
