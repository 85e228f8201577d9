// Resolves references with the loader's machinery (src/config): one SecretClient per vault, and per vault one
// RequestGate, which bounds the gets in flight, paces them under the vault's limit and pauses everyone on a
// 429 the client's own retries could not absorb. The same secret referenced twice is fetched once. Unlike the
// loader, nothing is skipped silently: every reference gets an outcome, which `check` prints and `run` turns
// into errors.
import type { TokenCredential } from "@azure/core-auth";
import { SecretClient } from "../../client/secretClient.js";
import { RequestGate } from "../../config/requestGate.js";
import { resolveSettings } from "../../config/settings.js";
import type { SecretClientOptions } from "../../model/options.js";
import type { SecretReference } from "./reference.js";

/** What fetching one reference gave. Only `found` carries a value. */
export type Outcome =
  | { kind: "found"; value: string; version: string | undefined }
  | {
      kind: "disabled" | "expired" | "notYetValid" | "notFound" | "forbidden" | "unauthenticated" | "failed";
      /** Status and service code, or the error's class (never a body, value or token). */
      detail: string;
    };

/** How the resolver makes its clients. */
export interface ResolverOptions {
  /** Signs every client in. */
  credential: TokenCredential;
  /** Options for the client of `vaultUrl`. @default none */
  clientOptions?: (vaultUrl: string) => SecretClientOptions;
  /** The clock for expiry checks and the gates' pacing. @default the system clock */
  now?: () => number;
}

/** Resolves references, keeping one client and one gate per vault across calls (`--watch` calls it again). */
export class Resolver {
  private readonly vaults = new Map<string, { client: SecretClient; gate: RequestGate }>();
  private readonly settings = resolveSettings({});

  constructor(private readonly options: ResolverOptions) {}

  /** The outcome of each reference, in order. Never throws for a failed request. */
  async resolve(references: readonly SecretReference[]): Promise<Outcome[]> {
    const fetches = new Map<string, Promise<Outcome>>();
    return Promise.all(
      references.map((reference) => {
        const key = `${reference.vaultUrl}\n${reference.name.toLowerCase()}\n${reference.version ?? ""}`;
        let fetch = fetches.get(key);
        if (fetch === undefined) fetches.set(key, (fetch = this.fetch(reference)));
        return fetch;
      }),
    );
  }

  /** Aborts requests in flight and releases the gates' timers. */
  close(): void {
    for (const { gate } of this.vaults.values()) gate.close();
    this.vaults.clear();
  }

  private vault(vaultUrl: string): { client: SecretClient; gate: RequestGate } {
    let vault = this.vaults.get(vaultUrl);
    if (vault === undefined) {
      const client = new SecretClient(
        vaultUrl,
        this.options.credential,
        this.options.clientOptions?.(vaultUrl) ?? {},
      );
      const { concurrency, pacing, clock } = this.settings;
      vault = { client, gate: new RequestGate(concurrency, pacing, clock) };
      this.vaults.set(vaultUrl, vault);
    }
    return vault;
  }

  private async fetch(reference: SecretReference): Promise<Outcome> {
    const { client, gate } = this.vault(reference.vaultUrl);
    try {
      const secret = await gate.run((abortSignal) =>
        client.getSecret(reference.name, { version: reference.version, abortSignal }),
      );
      const { properties } = secret;
      const now = (this.options.now ?? Date.now)();
      if (properties.enabled === false) return { kind: "disabled", detail: "disabled" };
      if (properties.expiresOn !== undefined && properties.expiresOn.getTime() <= now) {
        return { kind: "expired", detail: `expired ${properties.expiresOn.toISOString()}` };
      }
      if (properties.notBefore !== undefined && properties.notBefore.getTime() > now) {
        return { kind: "notYetValid", detail: `not valid before ${properties.notBefore.toISOString()}` };
      }
      return { kind: "found", value: secret.value ?? "", version: properties.version };
    } catch (error) {
      return classify(error);
    }
  }
}

function classify(error: unknown): Outcome {
  const failure = error as {
    statusCode?: number;
    code?: string;
    name?: string;
    details?: { error?: { code?: string; innererror?: { code?: string } } };
  };
  const inner = failure.details?.error?.innererror?.code;
  const code = inner ?? failure.details?.error?.code ?? failure.code;
  const detail =
    typeof failure.statusCode === "number"
      ? `${failure.statusCode}${code ? ` ${code}` : ""}`
      : (failure.code ?? failure.name ?? "error");
  if (failure.statusCode === 403 && inner === "SecretDisabled") return { kind: "disabled", detail };
  if (failure.statusCode === 404) return { kind: "notFound", detail };
  if (failure.statusCode === 403) return { kind: "forbidden", detail };
  if (failure.statusCode === 401) return { kind: "unauthenticated", detail };
  if (/AuthenticationError|CredentialUnavailable/.test(failure.name ?? "")) {
    return { kind: "unauthenticated", detail: failure.name! };
  }
  return { kind: "failed", detail };
}
