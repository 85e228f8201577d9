// The public shapes of createSecretsGateway: its options, the authorize context and the audit event.
import type { TokenCredential } from "@azure/core-auth";
import type { SecretClient } from "../client/secretClient.js";
import type { SecretClientOptions } from "../model/options.js";

/** The SDK operations a gateway can forward, by their `SecretClient` method names. */
export type GatewayOperation =
  | "getSecret"
  | "setSecret"
  | "updateSecretProperties"
  | "beginDeleteSecret"
  | "getDeletedSecret"
  | "beginRecoverDeletedSecret"
  | "purgeDeletedSecret"
  | "backupSecret"
  | "restoreSecretBackup"
  | "listPropertiesOfSecrets"
  | "listPropertiesOfSecretVersions"
  | "listDeletedSecrets";

/** Which secret names a gateway lets through: a list, a pattern, or a predicate. */
export type GatewayNames = readonly string[] | RegExp | ((name: string) => boolean);

/** What a gateway lets through. Nothing is allowed unless named here. */
export interface GatewayAllowList {
  /**
   * The operations allowed, by SDK name. Backup, restore and purge are never implied: name them to allow them.
   * @default [] (every request is refused with 403)
   */
  operations?: readonly GatewayOperation[];
  /**
   * The secret names allowed. Listings are filtered to these names; `restoreSecretBackup` names no secret
   * before it runs and is checked by operation only.
   * @default [] (no name is allowed)
   */
  names?: GatewayNames;
}

/** What {@link SecretsGatewayPolicy.authorize} is asked about. */
export interface GatewayAuthorizeContext {
  /** The incoming request (read its cookies or headers; its body is not read yet). */
  request: Request;
  /** The operation the request maps to. */
  operation: GatewayOperation;
  /** The secret name, when the operation names one. */
  name?: string;
}

/**
 * The answer of {@link SecretsGatewayPolicy.authorize}: `false` refuses with 403, `true` allows, and
 * `{ callerKey }` allows and names the caller for rate limiting and audit (e.g. the session's user id).
 */
export type GatewayAuthorizeResult = boolean | { callerKey: string };

/** Why a gateway answered as it did. */
export type GatewayDecision =
  | "forwarded"
  | "bad-request"
  | "not-found"
  | "method-not-allowed"
  | "misdirected"
  | "operation-not-allowed"
  | "name-not-allowed"
  | "cross-site"
  | "unauthorized"
  | "rate-limited"
  | "body-too-large"
  | "preflight"
  | "upstream-unreachable";

/** One audit event per request. It never holds a secret value, a token, a backup blob or a request body. */
export interface GatewayAuditEvent {
  /** The HTTP method. */
  method: string;
  /** The operation the request mapped to, when it mapped to one. */
  operation?: GatewayOperation;
  /** The secret name, when the request named one. */
  name?: string;
  /** The caller key: from `authorize`, else the client address, else "anonymous". */
  callerKey: string;
  /** What the gateway decided. */
  decision: GatewayDecision;
  /** The status sent to the caller. */
  status: number;
  /** Milliseconds from the request's arrival to its response. */
  durationMs: number;
}

/** Per-caller rate limit: at most `requests` per `windowMs` for each caller key (a fixed window). */
export interface GatewayRateLimit {
  /**
   * Requests allowed per window and caller.
   * @default 60
   */
  requests?: number;
  /**
   * The window length in milliseconds.
   * @default 60000
   */
  windowMs?: number;
}

/** Where the gateway forwards: a server-side client, or a vault URL and the credential to reach it. */
export type GatewayUpstream =
  | {
      /**
       * A server-side `SecretClient` for the vault (its pipeline, retries and credential are used).
       * @default undefined (then `vaultUrl` and `credential` are required)
       */
      client: SecretClient;
      vaultUrl?: undefined;
      credential?: undefined;
      clientOptions?: undefined;
    }
  | {
      client?: undefined;
      /**
       * The vault URL, e.g. `https://myvault.vault.azure.net`.
       * @default undefined (required without `client`)
       */
      vaultUrl: string;
      /**
       * The gateway's own identity, e.g. a managed identity.
       * @default undefined (required without `client`)
       */
      credential: TokenCredential;
      /**
       * Options of the `SecretClient` the gateway makes.
       * @default \{\}
       */
      clientOptions?: SecretClientOptions;
    };

/** Options of {@link createSecretsGateway}, besides the upstream. */
export interface SecretsGatewayPolicy {
  /**
   * The path prefix the gateway serves, e.g. `/kv` for a page client built with `https://app.example/kv`.
   * @default "" (the gateway serves `/secrets/…` at the root)
   */
  basePath?: string;
  /**
   * What is let through.
   * @default \{ operations: [], names: [] \} (nothing)
   */
  allow?: GatewayAllowList;
  /**
   * The app's own check of the request (its session), after the route, operation and name are known and
   * before the body is read. May be async.
   * @default undefined (every request that passes the allow-list is authorized, keyed by client address)
   */
  authorize?: (context: GatewayAuthorizeContext) => GatewayAuthorizeResult | Promise<GatewayAuthorizeResult>;
  /**
   * Called once per request, after the response is decided.
   * @default undefined
   */
  onAudit?: (event: GatewayAuditEvent) => void;
  /**
   * The `api-version` values accepted from the page (the gateway forwards with its upstream client's own).
   * @default the versions this package supports, 7.0 to 2026-04-01
   */
  apiVersions?: readonly string[];
  /**
   * The largest request body accepted, in bytes.
   * @default 65536
   */
  maxBodyBytes?: number;
  /**
   * Per-caller rate limit, or `false` for none.
   * @default \{ requests: 60, windowMs: 60000 \}
   */
  rateLimit?: GatewayRateLimit | false;
  /**
   * Origins (e.g. `https://admin.example`) allowed to call the gateway cross-origin: they get CORS headers
   * (with credentials) and may write.
   * @default [] (no CORS headers, same-origin pages only)
   */
  corsOrigins?: readonly string[];
  /**
   * A request header the app sets on its own requests (e.g. `x-requested-with`): a write carrying it is
   * accepted without `Origin`/`Sec-Fetch-Site` (non-browser callers). A cross-site form cannot set it.
   * @default undefined (writes need a same-origin `Origin` or `Sec-Fetch-Site`)
   */
  csrfHeader?: string;
  /**
   * The gateway's public origin, e.g. `https://app.example`: requests naming another host (URL, `Host` or
   * `X-Forwarded-Host`) get 421, and nextLinks point at it.
   * @default undefined (the request URL's origin; an `X-Forwarded-Host` naming another host still gets 421)
   */
  origin?: string;
  /**
   * The clock of the rate limit and the durations, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
}

/** Options of {@link createSecretsGateway}: the upstream and the policy. */
export type SecretsGatewayOptions = GatewayUpstream & SecretsGatewayPolicy;

/** What the host runtime knows about the connection, passed next to the request. */
export interface GatewayConnectionInfo {
  /**
   * The client's address (Node `socket.remoteAddress`, Deno `info.remoteAddr.hostname`, Bun
   * `server.requestIP(request)`), the caller key when `authorize` names none.
   * @default undefined ("anonymous")
   */
  clientAddress?: string;
}

/** A gateway: a Fetch-standard handler. */
export type SecretsGateway = (request: Request, connection?: GatewayConnectionInfo) => Promise<Response>;
