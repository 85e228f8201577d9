// Options of startEmulator() and createEmulatorHttpClient(), and their defaults.
import type { EventWebhook } from "../events/webhook.js";
import type { FaultRule } from "./faults.js";

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
   * @default 0
   */
  deleteDelayMs?: number;
  /**
   * How long a recover keeps propagating (get 404, set 409), in milliseconds.
   * @default 0
   */
  recoverDelayMs?: number;
  /**
   * How long after a purge the name stays unusable (set/restore 409), in milliseconds.
   * @default 0
   */
  purgeDelayMs?: number;
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
   * A JSON file that keeps the vault, the token key and the CA across restarts (the CA PEM is written
   * beside it as `<dataFile>.ca.pem`). In memory only when absent.
   * @default undefined
   */
  dataFile?: string;
  /**
   * Milliseconds a mutation waits before the data file is written (mutations in that window share a write).
   * @default 50
   */
  persistDebounceMs?: number;
  /**
   * Webhooks that receive the vault's secret events, validated at start as Event Grid does.
   * @default []
   */
  eventWebhooks?: readonly EventWebhook[];
}

/** Options of {@link createEmulatorHttpClient}. */
export interface EmulatorHttpClientOptions extends EmulatorCoreOptions {
  /**
   * The vault URL the in-process client answers for (any URL works; ids in responses use its origin).
   * @default "https://emulator.vault.localhost"
   */
  vaultUrl?: string;
}

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
