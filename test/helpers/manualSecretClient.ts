// A stand-in SecretClient whose every getSecret() waits until the test answers it, for cache tests that need
// to settle concurrent loads in a chosen order (the emulator answers in arrival order).
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { KeyVaultSecret, SecretClient } from "../../src/index.js";

/** One getSecret() call waiting for its answer. */
export interface PendingGet {
  name: string;
  version: string | undefined;
  signal: AbortSignal | undefined;
  /** Answers with a secret of this value and version. */
  resolve(value: string, version?: string, expiresOn?: Date): void;
  reject(error: unknown): void;
}

export interface ManualSecretClient {
  /** Give this to the SecretCache. */
  client: SecretClient;
  /** Every getSecret() call, answered or not, oldest first. */
  calls: PendingGet[];
  /** The calls not answered yet. */
  readonly pending: PendingGet[];
}

export const MANUAL_VAULT_URL = "https://manual.vault.azure.net";

/** A secret as the client would return it. */
export function secretModel(name: string, value: string, version = "v1", expiresOn?: Date): KeyVaultSecret {
  return {
    name,
    value,
    properties: {
      name,
      version,
      vaultUrl: MANUAL_VAULT_URL,
      id: `${MANUAL_VAULT_URL}/secrets/${name}/${version}`,
      enabled: true,
      expiresOn,
    },
  } as KeyVaultSecret;
}

/** A RestError as the client throws it for an HTTP answer, with its response headers. */
export function httpError(status: number, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: `${MANUAL_VAULT_URL}/secrets/x` });
  return new RestError(`status ${status}`, {
    statusCode: status,
    request,
    response: { status, headers: createHttpHeaders(headers), request },
  });
}

export function createManualSecretClient(): ManualSecretClient {
  const calls: PendingGet[] = [];
  const answered = new Set<PendingGet>();
  const client = {
    vaultUrl: MANUAL_VAULT_URL,
    getSecret(name: string, options: { version?: string; abortSignal?: AbortSignal } = {}) {
      return new Promise<KeyVaultSecret>((resolve, reject) => {
        const call: PendingGet = {
          name,
          version: options.version,
          signal: options.abortSignal,
          resolve: (value, version, expiresOn) => {
            answered.add(call);
            resolve(secretModel(name, value, version, expiresOn));
          },
          reject: (error) => {
            answered.add(call);
            reject(error);
          },
        };
        calls.push(call);
      });
    },
  } as unknown as SecretClient;
  return {
    client,
    calls,
    get pending() {
      return calls.filter((call) => !answered.has(call));
    },
  };
}
