import type {
  HttpClient,
  LogPolicyOptions,
  PipelineOptions,
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  PipelineRetryOptions,
  RawHttpHeaders,
  RawHttpHeadersInput,
  RequestBodyType,
  TransferProgressEvent,
} from "@azure/core-rest-pipeline";
import type { OperationTracingOptions } from "@azure/core-tracing";
import type { ContentType } from "./models.js";

/**
 * A raw HTTP response handed to {@link OperationOptions.onResponse}, with the JSON body already parsed.
 */
export interface FullOperationResponse extends PipelineResponse {
  /** The response headers as a plain object. */
  rawHeaders?: RawHttpHeaders;
  /** The response body parsed as JSON, when it had one. */
  parsedBody?: RequestBodyType;
  /** The request that produced this response. */
  request: PipelineRequest;
}

/**
 * Called with every raw response received while performing an operation (it may be called more than once,
 * for example once per page of a listing). `error` is set when the response is turned into an error.
 */
export type RawResponseCallback = (
  rawResponse: FullOperationResponse,
  error?: unknown,
  __legacyError?: unknown,
) => void;

/**
 * HTTP-level options for a single operation. Accepts both the current `@azure-rest/core-client` names
 * (`headers`) and the older `@azure/core-client` ones (`customHeaders`), so code written for either compiles.
 */
export interface OperationRequestOptions {
  /**
   * Extra request headers.
   * @default no extra headers
   */
  headers?: RawHttpHeadersInput;
  /**
   * Extra request headers (the older `@azure/core-client` name; merged after `headers`).
   * @default no extra headers
   */
  customHeaders?: { [key: string]: string };
  /**
   * Milliseconds a single HTTP request may take before it is aborted; `0` means no limit.
   * @default 0
   */
  timeout?: number;
  /**
   * Called with upload progress.
   * @default undefined
   */
  onUploadProgress?: (progress: TransferProgressEvent) => void;
  /**
   * Called with download progress.
   * @default undefined
   */
  onDownloadProgress?: (progress: TransferProgressEvent) => void;
  /**
   * Allow this request to go over plain `http:`. Bearer tokens additionally need the client-level
   * `allowInsecureConnection`.
   * @default false
   */
  allowInsecureConnection?: boolean;
  /**
   * Accepted for compatibility. Path segments are always percent-encoded; names and versions are validated
   * to URL-safe characters first, so encoding never changes them.
   * @default false
   */
  skipUrlEncoding?: boolean;
  /**
   * Accepted for compatibility with `@azure/core-client`; responses are always parsed.
   * @default true
   */
  shouldDeserialize?: boolean | ((response: PipelineResponse) => boolean);
}

/**
 * The options every operation accepts. Structurally the same as the `OperationOptions` of
 * `@azure/keyvault-secrets`, without the dependency on `@azure-rest/core-client`.
 */
export interface OperationOptions {
  /**
   * Aborts the operation when signalled; the promise then rejects with an `AbortError`.
   * @default undefined
   */
  abortSignal?: PipelineRequest["abortSignal"];
  /**
   * HTTP-level options: headers, timeout, progress callbacks.
   * @default undefined
   */
  requestOptions?: OperationRequestOptions;
  /**
   * Tracing options, such as the parent tracing context.
   * @default undefined
   */
  tracingOptions?: OperationTracingOptions;
  /**
   * Called with each raw response received while performing the operation.
   * @default undefined
   */
  onResponse?: RawResponseCallback;
}

/** A pipeline policy to add to the client's pipeline, and where. */
export interface AdditionalPolicyConfig {
  /** The policy to add. */
  policy: PipelinePolicy;
  /** `perCall` runs once per operation call; `perRetry` runs again on every retry. */
  position: "perCall" | "perRetry";
}

/**
 * Options for {@link SecretClient}: the common Azure client options plus Key Vault settings.
 */
export interface SecretClientOptions extends PipelineOptions {
  /**
   * The Key Vault service API version to send.
   * @default "2026-04-01"
   */
  serviceVersion?: "7.0" | "7.1" | "7.2" | "7.3" | "7.4" | "7.5" | "7.6" | "2025-07-01" | "2026-04-01";
  /**
   * Skip checking that the authentication challenge's resource matches the vault host. Only disable it
   * for a vault behind a custom domain you trust. See https://aka.ms/azsdk/blog/vault-uri.
   * @default false
   */
  disableChallengeResourceVerification?: boolean;
  /**
   * The HTTP client that sends requests.
   * @default fetch in browsers, node:https in Node
   */
  httpClient?: HttpClient;
  /**
   * Allow an `http:` vault URL and sending bearer tokens over it (for local emulators only).
   * @default false
   */
  allowInsecureConnection?: boolean;
  /**
   * Extra policies for the HTTP pipeline.
   * @default []
   */
  additionalPolicies?: AdditionalPolicyConfig[];
  /**
   * Request and response logging options. Bodies are never logged; headers other than the allow-listed
   * ones are redacted.
   * @default \{ additionalAllowedHeaderNames: ["x-ms-keyvault-region", "x-ms-keyvault-network-info", "x-ms-keyvault-service-version", "x-ms-request-id"] \}
   */
  loggingOptions?: LogPolicyOptions;
  /**
   * Keep-alive behaviour of HTTP connections.
   * @default \{ enable: true \}
   */
  keepAliveOptions?: KeepAliveOptions;
  /**
   * How redirect responses are handled.
   * @default \{ handleRedirects: true, maxRetries: 20 \}
   */
  redirectOptions?: RedirectOptions;
  /**
   * Retry and per-try timeout settings.
   * @default \{ maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 64000, tryTimeoutInMs: 30000 \}
   */
  retryOptions?: SecretClientRetryOptions;
}

/** Retry options: core's, plus a bound on each try. */
export interface SecretClientRetryOptions extends PipelineRetryOptions {
  /**
   * How long one try may wait for a complete response before it is abandoned and retried (as a RestError
   * `ETIMEDOUT`). A call's `requestOptions.timeout` replaces it for that call, with core's meaning: an
   * AbortError, not retried. 0 turns it off. The transport enforces it through the request's `timeout`, as
   * every `@azure/core-rest-pipeline` HttpClient does; a custom `httpClient` that ignores `timeout` gets no
   * per-try bound.
   * @default 30000
   */
  tryTimeoutInMs?: number;
}

/** Options for keep-alive behaviour of HTTP connections. */
export interface KeepAliveOptions {
  /**
   * Reuse connections across requests.
   * @default true
   */
  enable?: boolean;
}

/** Options for how redirect responses are handled. */
export interface RedirectOptions {
  /**
   * Follow redirect responses.
   * @default true
   */
  handleRedirects?: boolean;
  /**
   * The maximum number of redirects followed for one request.
   * @default 20
   */
  maxRetries?: number;
}

/** Options for {@link SecretClient.setSecret}. */
export interface SetSecretOptions extends OperationOptions {
  /**
   * Application-specific metadata as key-value pairs.
   * @default no tags
   */
  tags?: { [propertyName: string]: string };
  /**
   * A hint describing the value, such as `text/plain`.
   * @default undefined
   */
  contentType?: string;
  /**
   * Whether the new version can be read.
   * @default true
   */
  enabled?: boolean;
  /**
   * The time before which the secret should not be used (sent in whole seconds).
   * @default undefined
   */
  readonly notBefore?: Date;
  /**
   * The time after which the secret should not be used (sent in whole seconds).
   * @default undefined
   */
  readonly expiresOn?: Date;
}

/** Options for {@link SecretClient.updateSecretProperties}. Fields left undefined are not changed. */
export interface UpdateSecretPropertiesOptions extends OperationOptions {
  /**
   * A new content type.
   * @default unchanged
   */
  contentType?: string;
  /**
   * Enable or disable the version.
   * @default unchanged
   */
  enabled?: boolean;
  /**
   * A new not-before time.
   * @default unchanged
   */
  readonly notBefore?: Date;
  /**
   * A new expiry time.
   * @default unchanged
   */
  readonly expiresOn?: Date;
  /**
   * New tags; they replace all existing tags.
   * @default unchanged
   */
  tags?: { [propertyName: string]: string };
}

/** Options for {@link SecretClient.getSecret}. */
export interface GetSecretOptions extends OperationOptions {
  /**
   * The version to read.
   * @default the latest version
   */
  version?: string;
  /**
   * For a certificate-backed secret, the format to return the certificate in (only PFX → PEM is supported).
   * See {@link KnownContentType}. Requires service version 2025-07-01 or later.
   * @default the stored format
   */
  outContentType?: ContentType;
}

/* eslint-disable @typescript-eslint/no-empty-object-type -- the official package declares these empty option interfaces; same names for drop-in use */

/** Options for {@link SecretClient.getDeletedSecret}. */
export interface GetDeletedSecretOptions extends OperationOptions {}

/** Options for {@link SecretClient.purgeDeletedSecret}. */
export interface PurgeDeletedSecretOptions extends OperationOptions {}

/** Options for {@link SecretClient.backupSecret}. */
export interface BackupSecretOptions extends OperationOptions {}

/** Options for {@link SecretClient.restoreSecretBackup}. */
export interface RestoreSecretBackupOptions extends OperationOptions {}

/** Options for {@link SecretClient.listPropertiesOfSecretVersions}. */
export interface ListPropertiesOfSecretVersionsOptions extends OperationOptions {}

/** Options for {@link SecretClient.listPropertiesOfSecrets}. */
export interface ListPropertiesOfSecretsOptions extends OperationOptions {}

/** Options for {@link SecretClient.listDeletedSecrets}. */
export interface ListDeletedSecretsOptions extends OperationOptions {}

/** Options shared by the `begin*` methods that return pollers. */
export interface SecretPollerOptions extends OperationOptions {
  /**
   * Milliseconds between two status requests while polling.
   * @default 2000
   */
  intervalInMs?: number;
  /**
   * A poller state saved with `poller.toString()`, to resume that operation instead of starting a new one.
   * @default undefined
   */
  resumeFrom?: string;
}

/** Options for {@link SecretClient.beginDeleteSecret}. */
export interface BeginDeleteSecretOptions extends SecretPollerOptions {}

/** Options for {@link SecretClient.beginRecoverDeletedSecret}. */
export interface BeginRecoverDeletedSecretOptions extends SecretPollerOptions {}
