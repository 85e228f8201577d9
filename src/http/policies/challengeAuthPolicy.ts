import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from "@azure/core-rest-pipeline";
import { logger } from "../../shared/logger.js";
import { INSECURE_CONNECTION_ADVICE } from "../../model/validation.js";
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

// Refresh this long before expiry when the token does not say when to refresh.
const REFRESH_WINDOW_MS = 2 * 60 * 1000;
// Bounds how often a request waits for other requests' first challenge before giving up.
const MAX_CHALLENGE_WAITS = 10;

/**
 * Key Vault challenge-based bearer authentication (docs/service-behaviour.md#challenge-authentication). The first request of a client
 * goes out without token and without body, so the service names the tenant and resource in a 401 before
 * any secret leaves the process; the body is restored on the authorized retry. Later requests get a cached
 * token up front. One CAE `insufficient_claims` challenge per request is answered with a claims token.
 * @internal
 */
export function challengeAuthPolicy(
  credential: TokenCredential,
  options: ChallengeAuthPolicyOptions = {},
): PipelinePolicy {
  // Scope and tenant learned from the last accepted standard challenge.
  let scope: string | undefined;
  let tenantId: string | undefined;
  let firstChallenge: Promise<void> | undefined;
  let cachedToken: AccessToken | undefined;
  let tokenRequest: Promise<AccessToken> | undefined;
  // The scope and the request origin (`<scheme>://<host>/`) last verified against each other: later requests
  // to that origin under that scope get the same answer, so they skip parsing both URLs again.
  let verifiedScope: string | undefined;
  let verifiedOriginPrefix = "";
  // Set once a request succeeded without a token: the endpoint is a gateway, not the vault.
  let unchallenged = false;

  async function requestToken(request: PipelineRequest, claims?: string): Promise<AccessToken> {
    const token = await credential.getToken([scope!], {
      enableCae: true,
      abortSignal: request.abortSignal,
      tracingOptions: request.tracingOptions,
      ...(tenantId && { tenantId }),
      ...(claims && { claims }),
    });
    if (!token) throw new Error(`The credential returned no access token for scope '${scope}'.`);
    return (cachedToken = token);
  }

  // The Authorization value of the last token used: a real token is one to two kilobytes, and the header is
  // otherwise rebuilt by concatenation for every request.
  let lastBearer: { token: AccessToken; value: string } | undefined;
  function bearer(token: AccessToken): string {
    if (lastBearer?.token !== token) lastBearer = { token, value: `Bearer ${token.token}` };
    return lastBearer.value;
  }

  /** The cached token while it is not due for refresh. */
  function freshToken(now: number): AccessToken | undefined {
    const token = cachedToken;
    return token && now < (token.refreshAfterTimestamp ?? token.expiresOnTimestamp - REFRESH_WINDOW_MS)
      ? token
      : undefined;
  }

  /** A valid token: the cached one unless it is due for refresh; concurrent refreshes share one request. */
  async function currentToken(request: PipelineRequest): Promise<AccessToken> {
    const now = Date.now();
    const token = cachedToken;
    const fresh = freshToken(now);
    if (fresh) return fresh;
    tokenRequest ??= requestToken(request).finally(() => (tokenRequest = undefined));
    try {
      return await tokenRequest;
    } catch (error) {
      // A failed early refresh must not fail a request while the old token is still valid.
      if (token && now < token.expiresOnTimestamp) return token;
      throw error;
    }
  }

  /**
   * Sets the Authorization header. Synchronous when the cached token is fresh (nearly every request): the
   * returned promise is then undefined, and the caller does not wait a turn for nothing.
   */
  function authorize(request: PipelineRequest, token?: AccessToken): Promise<void> | undefined {
    // Re-checked on every request: a redirect or nextLink must not carry the token to another domain.
    verify(request.url, scope!);
    const ready = token ?? freshToken(Date.now());
    if (ready) {
      request.headers.set("Authorization", bearer(ready));
      return undefined;
    }
    return currentToken(request).then((current) => {
      request.headers.set("Authorization", bearer(current));
    });
  }

  /** Accepts a standard challenge (one naming a scope or resource): verify it, cache it, drop the old token. */
  function acceptChallenge(request: PipelineRequest, challenge: WWWAuthenticateChallenge): boolean {
    const accepted = challenge.resource
      ? `${challenge.resource.replace(/\/+$/, "")}/.default`
      : challenge.scope;
    if (!accepted) return false;
    verify(request.url, accepted);
    scope = accepted;
    tenantId = challenge.tenantId;
    cachedToken = undefined;
    logger.info(`Key Vault challenge accepted: scope ${scope}, tenant ${tenantId ?? "(none)"}.`);
    return true;
  }

  /**
   * Checks that the request host is the challenge resource's host or a subdomain of it, so that a token
   * for one vault domain is never requested for (or sent to) another. Ports are ignored.
   */
  function verify(url: string, challengeScope: string): void {
    if (
      options.disableChallengeResourceVerification ||
      (challengeScope === verifiedScope && url.startsWith(verifiedOriginPrefix))
    ) {
      return;
    }
    let scopeUrl: URL;
    try {
      scopeUrl = new URL(challengeScope);
    } catch {
      throw new Error(`The challenge contains invalid scope '${challengeScope}'`);
    }
    if (scopeUrl.username || scopeUrl.password) {
      throw new Error("The challenge scope must not contain user information.");
    }
    const resourceHost = scopeUrl.hostname.toLowerCase();
    const requestUrl = new URL(url);
    const requestHost = requestUrl.hostname.toLowerCase();
    if (!resourceHost || (requestHost !== resourceHost && !requestHost.endsWith("." + resourceHost))) {
      throw new Error(
        `The challenge resource '${resourceHost}' does not match the requested domain. Set ` +
          "disableChallengeResourceVerification to true in your client options to disable. " +
          "See https://aka.ms/azsdk/blog/vault-uri for more information.",
      );
    }
    verifiedScope = challengeScope;
    verifiedOriginPrefix = `${requestUrl.protocol}//${requestUrl.host}/`;
  }

  /**
   * Sends the bodiless probe for the first request of the client and handles its challenge: the service's
   * answer when it needs no token, undefined once the challenge is accepted.
   */
  async function probe(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse | undefined> {
    const body = request.body;
    request.body = undefined;
    let response: PipelineResponse;
    try {
      response = await next(request);
    } finally {
      request.body = body;
    }
    if (response.status !== 401) {
      // No challenge: no token is needed here (a gateway holds it), so a request with a body goes again with
      // it. A success without a token (which Key Vault never gives) lets later requests skip the probe; a
      // redirect is no success: the redirected request probes again.
      if (body) response = await next(request);
      unchallenged ||= response.status < 300;
      return response;
    }
    const header = response.headers.get("WWW-Authenticate");
    if (!header) {
      throw new Error("A 401 must have a WWW-Authenticate header (a service bug).");
    }
    return acceptChallenge(request, parseWWWAuthenticate(header)) ? undefined : response;
  }

  return {
    name: challengeAuthPolicyName,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (!options.allowInsecureConnection && !/^https:/i.test(request.url)) {
        throw new Error(
          `Bearer tokens are not permitted over http: (unencrypted). ${INSECURE_CONNECTION_ADVICE}.`,
        );
      }
      // Requests issued while the first challenge is in flight wait for it instead of probing too.
      // `standardRetried`: a request that probed already answered its one standard challenge.
      let standardRetried = false;
      for (let waits = 0; !scope;) {
        if (unchallenged) return next(request);
        if (firstChallenge) {
          if (++waits > MAX_CHALLENGE_WAITS) {
            throw new Error("Key Vault sent no challenge to the first requests.");
          }
          await firstChallenge;
          continue;
        }
        let settle!: () => void;
        firstChallenge = new Promise<void>((resolve) => (settle = resolve));
        try {
          standardRetried = true;
          const unchallenged = await probe(request, next);
          if (unchallenged) return unchallenged;
        } finally {
          firstChallenge = undefined;
          settle();
        }
      }
      // Sends with a token; answers at most one standard and one CAE challenge, then hands any further 401
      // back to the caller.
      let caeRetried = false;
      const authorizing = authorize(request);
      if (authorizing) await authorizing;
      for (;;) {
        const response = await next(request);
        const header = response.status === 401 && response.headers.get("WWW-Authenticate");
        if (!header) return response;
        const challenge = parseWWWAuthenticate(header);
        if (challenge.error === "insufficient_claims" && challenge.claims) {
          let claims: string;
          try {
            claims = decodeClaims(challenge.claims);
          } catch {
            return response; // not base64: the 401 goes back to the caller
          }
          if (caeRetried) return response;
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
    },
  };
}
