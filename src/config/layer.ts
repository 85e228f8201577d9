// One vault of the config: what its last load saw, and how to load it again at the least cost. A listing
// carries `updatedOn` but no value and no version, so a refresh gets only the secrets whose `updatedOn`
// changed; with `names`, there is no listing and each name costs one get.
import type { SecretClient } from "../client/secretClient.js";
import type { SecretProperties } from "../model/models.js";
import type { AbortSignalLike } from "../shared/abort.js";
import { requestFailure, type SecretsConfigProblem } from "./errors.js";
import type { RequestGate } from "./requestGate.js";
import { isSelected, keyOf, type ConfigSettings } from "./settings.js";
import type { LoadedSecret } from "./shape.js";

/** A layer's secrets by lower-case name (Key Vault names are case-insensitive). @internal */
export type LayerSecrets = ReadonlyMap<string, LoadedSecret>;

/** @internal */
export class Layer {
  readonly vaultUrl: URL;

  constructor(
    readonly client: SecretClient,
    private readonly settings: ConfigSettings,
    private readonly gate: RequestGate,
  ) {
    this.vaultUrl = new URL(client.vaultUrl);
  }

  /**
   * The layer's secrets now: listed (or, with `names`, got one by one), reusing from `previous` every secret
   * whose `updatedOn` did not change. Failures are added to `problems`; the failed secret keeps its previous
   * value when it had one, so one failed get does not remove a key.
   */
  async load(
    previous: LayerSecrets,
    signal: AbortSignalLike,
    problems: SecretsConfigProblem[],
  ): Promise<LayerSecrets> {
    const next = new Map<string, LoadedSecret>();
    const names = this.settings.names;
    if (names !== undefined) {
      await Promise.all(names.map((name) => this.loadOne(name, previous, next, problems)));
      return next;
    }
    // Gets start as each page arrives, so the listing's round trips overlap the gets instead of preceding them.
    const gets: Promise<void>[] = [];
    const take = (properties: SecretProperties): void => {
      const known = previous.get(properties.name.toLowerCase());
      if (known !== undefined && known.updatedOn === properties.updatedOn?.getTime()) {
        next.set(properties.name.toLowerCase(), known);
        return;
      }
      gets.push(this.loadOne(properties.name, previous, next, problems, properties.updatedOn?.getTime()));
    };
    try {
      const pager = this.client.listPropertiesOfSecrets({ abortSignal: signal }).byPage();
      const pages = pager[Symbol.asyncIterator]();
      for (;;) {
        // Pages are paced but do not queue for a slot behind the gets they feed.
        const page = await this.gate.paced(() => pages.next());
        if (page.done) break;
        const now = this.settings.clock.now();
        for (const properties of page.value) {
          const selected = keyOf(properties.name, this.settings) !== undefined;
          if (selected && isSelected(properties, this.settings, now)) take(properties);
        }
      }
    } catch (error) {
      problems.push({
        name: this.vaultUrl.host,
        reason: `listing the vault failed: ${requestFailure(error)}`,
      });
      await Promise.all(gets);
      return previous;
    }
    await Promise.all(gets);
    return next;
  }

  /**
   * Gets one secret into `next` (or leaves it out when it is gone, disabled or no longer selected).
   * @param listedUpdatedOn - `updatedOn` as the listing had it, which the next refresh compares with.
   */
  async loadOne(
    name: string,
    previous: LayerSecrets,
    next: Map<string, LoadedSecret>,
    problems: SecretsConfigProblem[],
    listedUpdatedOn?: number,
  ): Promise<void> {
    const lower = name.toLowerCase();
    const key = keyOf(name, this.settings);
    if (key === undefined) return;
    try {
      const secret = await this.gate.run((abortSignal) => this.client.getSecret(name, { abortSignal }));
      const { properties } = secret;
      if (!isSelected(properties, this.settings, this.settings.clock.now())) return;
      next.set(lower, {
        name: secret.name,
        key: keyOf(secret.name, this.settings) ?? key,
        value: secret.value ?? "",
        contentType: properties.contentType,
        updatedOn: listedUpdatedOn ?? properties.updatedOn?.getTime(),
      });
    } catch (error) {
      const failure = error as {
        statusCode?: number;
        details?: { error?: { innererror?: { code?: string } } };
      };
      if (failure.statusCode === 404) return;
      // A disabled secret answers 403 SecretDisabled to a get: skipped, never a failed start-up.
      if (failure.statusCode === 403 && failure.details?.error?.innererror?.code === "SecretDisabled") return;
      problems.push({ name, reason: requestFailure(error) });
      const known = previous.get(lower);
      if (known !== undefined) next.set(lower, known);
    }
  }
}
