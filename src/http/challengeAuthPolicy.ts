import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from "@azure/core-rest-pipeline";
import { logger } from "../logger.js";
import { decodeClaims, parseWWWAuthenticate, type WWWAuthenticateChallenge } from "./wwwAuthenticate.js";

/** The name of {@link challengeAuthPolicy}. @internal */
export const challengeAuthPolicyName = "keyVaultChallengeAuthPolicy";

/** Options of {@link challengeAuthPolicy}. @internal */
export interface ChallengeAuthPolicyOptions {
  /** Skip checking that the challenge resource matches the request host. */
  disableChallengeResourceVerification?: boolean;
  /** Allow sending tokens over `http:` (the client-level option). */
  allowInsecureConnection?: boolean;
}

/** Scope and tenant learned from the last accepted standard challenge. */
interface ChallengeState {
  scope: string;
  tenantId?: string;
}

// Refresh this long before expiry when the token does not say when to refresh.
const REFRESH_WINDOW_MS = 2 * 60 * 1000;
// Bounds how often a request waits for other requests' first challenge before giving up.
const MAX_CHALLENGE_WAITS = 10;

/**
 * Key Vault challenge-based bearer authentication (keyvault-rest.md §4.2). The first request of a client
 * goes out without token and without body, so the service names the tenant and resource in a 401 before
 * any secret leaves the process; the body is restored on the authorized retry. Later requests get a cached
 * token up front. One CAE `insufficient_claims` challenge per request is answered with a claims token.
 * @internal
 */
export function challengeAuthPolicy(
  credential: TokenCredential,
  options: ChallengeAuthPolicyOptions = {},
): PipelinePolicy {
  let state: ChallengeState | undefined;
  let firstChallenge: Promise<void> | undefined;
  let cachedToken: AccessToken | undefined;
  let tokenRequest: Promise<AccessToken> | undefined;

  async function requestToken(request: PipelineRequest, claims?: string): Promise<AccessToken> {
    const current = state!;
    const tokenOptions: GetTokenOptions = {
      enableCae: true,
      abortSignal: request.abortSignal,
      tracingOptions: request.tracingOptions,
    };
    if (current.tenantId) tokenOptions.tenantId = current.tenantId;
    if (claims) tokenOptions.claims = claims;
    const token = await credential.getToken([current.scope], tokenOptions);
    if (!token) {
      throw new Error(`The credential returned no access token for scope '${current.scope}'.`);
    }
    cachedToken = token;
    return token;
  }

  /** A valid token: the cached one unless it is due for refresh; concurrent refreshes share one request. */
  async function currentToken(request: PipelineRequest): Promise<AccessToken> {
    const now = Date.now();
    if (cachedToken) {
      const refreshAt =
        cachedToken.refreshAfterTimestamp ?? cachedToken.expiresOnTimestamp - REFRESH_WINDOW_MS;
      if (now < refreshAt) return cachedToken;
    }
    tokenRequest ??= requestToken(request).finally(() => (tokenRequest = undefined));
    try {
      return await tokenRequest;
    } catch (error) {
      // A failed early refresh must not fail a request while the old token is still valid.
      if (cachedToken && now < cachedToken.expiresOnTimestamp) return cachedToken;
      throw error;
    }
  }

  async function authorize(request: PipelineRequest, token?: AccessToken): Promise<void> {
    // Re-checked on every request: a redirect or nextLink must not carry the token to another domain.
    verify(request, state!.scope);
    const { token: value } = token ?? (await currentToken(request));
    request.headers.set("Authorization", `Bearer ${value}`);
  }

  /** Accepts a standard challenge (one naming a scope or resource): verify it, cache it, drop the old token. */
  function acceptChallenge(request: PipelineRequest, challenge: WWWAuthenticateChallenge): boolean {
    const scope = challenge.resource ? `${challenge.resource.replace(/\/+$/, "")}/.default` : challenge.scope;
    if (!scope) return false;
    verify(request, scope);
    state = { scope, tenantId: challenge.tenantId };
    cachedToken = undefined;
    logger.info(`Key Vault challenge accepted: scope ${scope}, tenant ${challenge.tenantId ?? "(none)"}.`);
    return true;
  }

  // The scope and the request origin (`<scheme>://<host>/`) last verified against each other: later requests
  // to that origin under that scope get the same answer, so they skip parsing both URLs again.
  let verifiedScope: string | undefined;
  let verifiedOriginPrefix: string | undefined;

  function verify(request: PipelineRequest, scope: string): void {
    if (options.disableChallengeResourceVerification) return;
    if (scope === verifiedScope && request.url.startsWith(verifiedOriginPrefix!)) return;
    verifyChallengeResource(request, scope);
    const url = new URL(request.url);
    verifiedScope = scope;
    verifiedOriginPrefix = `${url.protocol}//${url.host}/`;
  }

  /** Sends the bodiless probe for the first request of the client and handles its challenge. */
  async function probe(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse | undefined> {
    const body = request.body;
    request.body = undefined;
    let response: PipelineResponse;
    try {
      response = await next(request);
    } finally {
      request.body = body;
    }
    if (response.status !== 401) return response;
    const header = response.headers.get("WWW-Authenticate");
    if (!header) {
      throw new Error(
        "A 401 response from the service must have a WWW-Authenticate header. This is a service bug.",
      );
    }
    return acceptChallenge(request, parseWWWAuthenticate(header)) ? undefined : response;
  }

  return {
    name: challengeAuthPolicyName,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      assertSecureTransport(request, options.allowInsecureConnection === true);
      // Requests issued while the first challenge is in flight wait for it instead of probing too.
      let probed = false;
      for (let waits = 0; !state;) {
        if (firstChallenge) {
          if (++waits > MAX_CHALLENGE_WAITS) {
            throw new Error("Key Vault did not answer the first requests with an authentication challenge.");
          }
          await firstChallenge;
          continue;
        }
        let settle!: () => void;
        firstChallenge = new Promise<void>((resolve) => (settle = resolve));
        try {
          probed = true;
          const unchallenged = await probe(request, next);
          if (unchallenged) return unchallenged;
        } finally {
          firstChallenge = undefined;
          settle();
        }
      }
      return sendAuthorized(request, next, probed);
    },
  };

  /**
   * Sends with a token; answers at most one standard challenge (none if this request already probed) and
   * one CAE challenge, then hands any further 401 back to the caller.
   */
  async function sendAuthorized(
    request: PipelineRequest,
    next: SendRequest,
    probed: boolean,
  ): Promise<PipelineResponse> {
    let standardRetried = probed;
    let caeRetried = false;
    await authorize(request);
    for (;;) {
      const response = await next(request);
      if (response.status !== 401) return response;
      const header = response.headers.get("WWW-Authenticate");
      if (!header) return response;
      const challenge = parseWWWAuthenticate(header);
      if (challenge.error === "insufficient_claims" && challenge.claims) {
        const claims = decodeClaimsOrUndefined(challenge.claims);
        if (caeRetried || claims === undefined) return response;
        caeRetried = true;
        if (challenge.resource || challenge.scope) acceptChallenge(request, challenge);
        logger.info("Key Vault answered with a CAE claims challenge; requesting a token with the claims.");
        await authorize(request, await requestToken(request, claims));
        continue;
      }
      if (standardRetried || !acceptChallenge(request, challenge)) return response;
      standardRetried = true;
      await authorize(request);
    }
  }
}

/** The decoded claims, or undefined when they are not base64 (the 401 then goes back to the caller). */
function decodeClaimsOrUndefined(claims: string): string | undefined {
  try {
    return decodeClaims(claims);
  } catch {
    return undefined;
  }
}

/**
 * Refuses bearer authentication over plain http unless the client opted in.
 * @internal
 */
function assertSecureTransport(request: PipelineRequest, allowInsecureConnection: boolean): void {
  if (!allowInsecureConnection && !/^https:/i.test(request.url)) {
    throw new Error(
      "Bearer token authentication is not permitted over http: (the token would be sent unencrypted). " +
        "Use an https vault URL, or set allowInsecureConnection: true in the SecretClient options (local emulators only).",
    );
  }
}

/**
 * Checks that the request host is the challenge resource's host or a subdomain of it, so that a token
 * for one vault domain is never requested for (or sent to) another. Ports are ignored.
 * @internal
 */
export function verifyChallengeResource(request: PipelineRequest, scope: string): void {
  let scopeUrl: URL;
  try {
    scopeUrl = new URL(scope);
  } catch {
    throw new Error(`The challenge contains invalid scope '${scope}'`);
  }
  if (scopeUrl.username || scopeUrl.password) {
    throw new Error("The challenge scope must not contain user information.");
  }
  const resourceHost = scopeUrl.hostname.toLowerCase();
  const requestHost = new URL(request.url).hostname.toLowerCase();
  if (!resourceHost || (requestHost !== resourceHost && !requestHost.endsWith("." + resourceHost))) {
    throw new Error(
      `The challenge resource '${resourceHost}' does not match the requested domain. Set ` +
        "disableChallengeResourceVerification to true in your client options to disable. " +
        "See https://aka.ms/azsdk/blog/vault-uri for more information.",
    );
  }
}
