// createSecretsGateway: a deny-by-default Fetch-standard handler speaking the Key Vault secrets REST API to a
// page, forwarding only what the allow-list names to one vault fixed at construction. Every refusal is
// decided before the upstream is touched; the order of checks is the order of the table in docs/gateway.md.
import { SecretClient } from "../client/secretClient.js";
import { SUPPORTED_API_VERSIONS } from "../shared/constants.js";
import { logger } from "../shared/logger.js";
import { readBody, restoreBlob, secretWrite } from "./body.js";
import { checkHost, checkQuery, isSameOriginWrite } from "./checks.js";
import { forward, UpstreamUnreachable, type ForwardCall } from "./forward.js";
import { filterPage, gatewayNextLink, upstreamPathOf } from "./listing.js";
import type {
  GatewayAuditEvent,
  GatewayDecision,
  GatewayNames,
  SecretsGateway,
  SecretsGatewayOptions,
} from "./options.js";
import {
  PARTS_ENTRY,
  partsOfRequest,
  toResponse,
  type GatewayAnswer,
  type GatewayPartsEntry,
  type GatewayRequestParts,
  type WithPartsEntry,
} from "./parts.js";
import { corsHeaders, preflight, refusal, upstreamResponse } from "./responses.js";
import { createRateLimiter } from "./rateLimit.js";
import { isRefusal, LISTINGS, matchRoute } from "./routes.js";

/** The name predicate of an allow-list entry. */
function namePredicate(names: GatewayNames): (name: string) => boolean {
  if (typeof names === "function") return (name) => names(name) === true;
  if (names instanceof RegExp) {
    const pattern = new RegExp(names.source, names.flags.replace(/[gy]/g, ""));
    return (name) => pattern.test(name);
  }
  const set = new Set(names);
  return (name) => set.has(name);
}

function checkBasePath(basePath: string): string {
  if (basePath !== "" && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw new RangeError(
      'basePath must be "" or "/segment[/segment…]" without a trailing slash, e.g. "/kv".',
    );
  }
  return basePath;
}

const BODY_OPERATIONS = new Set(["setSecret", "updateSecretProperties", "restoreSecretBackup"]);

/**
 * Creates a Key Vault gateway: a `(request) => Promise<Response>` handler a page's `SecretClient` can use
 * as its vault (`new SecretClient("https://app.example/kv", credential)`), forwarding only the operations
 * and names `allow` lists, for callers `authorize` accepts, to the one vault of `client` or `vaultUrl`.
 *
 * @example
 * ```ts
 * const gateway = createSecretsGateway({
 *   vaultUrl: "https://myvault.vault.azure.net",
 *   credential: new ManagedIdentityCredential(),
 *   basePath: "/kv",
 *   allow: { operations: ["getSecret", "listPropertiesOfSecrets"], names: /^public-/ },
 *   authorize: async ({ request }) => (await sessionOf(request)) ? { callerKey: userId } : false,
 * });
 * ```
 * @param options - The upstream, the allow-list and the policy.
 * @returns The handler; its optional second argument carries the client address (the rate limit's key).
 * @throws RangeError for a malformed `basePath` or `rateLimit`; what `new SecretClient` throws for the upstream.
 */
export function createSecretsGateway(options: SecretsGatewayOptions): SecretsGateway {
  const client =
    options.client ?? new SecretClient(options.vaultUrl!, options.credential!, options.clientOptions);
  const upstreamPath = upstreamPathOf(client.vaultUrl);
  const basePath = checkBasePath(options.basePath ?? "");
  const operations = new Set(options.allow?.operations ?? []);
  const allowedName = namePredicate(options.allow?.names ?? []);
  const apiVersions = options.apiVersions ?? SUPPORTED_API_VERSIONS;
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const corsOrigins = options.corsOrigins ?? [];
  const now = options.now ?? Date.now;
  const limiter = createRateLimiter(options.rateLimit ?? {}, now);
  const configuredUrl = options.origin === undefined ? undefined : new URL(options.origin);
  const configuredOrigin = configuredUrl?.origin;

  async function decide(
    request: GatewayRequestParts,
    event: GatewayAuditEvent,
  ): Promise<[GatewayAnswer, GatewayDecision]> {
    const { url, header } = request;
    const misdirected = checkHost(header, url, configuredUrl?.host);
    if (misdirected) return [refusal(421, misdirected), "misdirected"];
    const selfOrigin = configuredOrigin ?? url.origin;
    const origin = header("origin");
    if (request.method === "OPTIONS") {
      if (
        origin !== null &&
        corsOrigins.includes(origin) &&
        header("access-control-request-method") !== null
      ) {
        return [preflight(origin, header("access-control-request-headers")), "preflight"];
      }
      return [refusal(403, "Cross-origin requests are not allowed here."), "cross-site"];
    }

    const route = matchRoute(request.method, url.pathname, basePath);
    if (isRefusal(route)) {
      const headers: Record<string, string> = route.allow ? { allow: route.allow } : {};
      const decision =
        route.status === 404 ? "not-found" : route.status === 405 ? "method-not-allowed" : "bad-request";
      return [refusal(route.status, route.message, headers), decision];
    }
    const { operation, name } = route;
    event.operation = operation;
    event.name = name;
    const query = checkQuery(url, operation, apiVersions);
    if (typeof query === "string") return [refusal(400, query), "bad-request"];
    if (!operations.has(operation)) {
      return [
        refusal(403, `The operation ${operation} is not allowed by this gateway.`),
        "operation-not-allowed",
      ];
    }
    if (name !== undefined && !allowedName(name)) {
      return [refusal(403, "This secret is not allowed by this gateway."), "name-not-allowed"];
    }
    if (request.method !== "GET" && !isSameOriginWrite(header, selfOrigin, corsOrigins, options.csrfHeader)) {
      return [refusal(403, "A state-changing request must come from this gateway's origin."), "cross-site"];
    }
    let authorized: Awaited<ReturnType<NonNullable<SecretsGatewayOptions["authorize"]>>> = true;
    try {
      if (options.authorize) {
        authorized = await options.authorize({ request: request.request(), operation, name });
      }
    } catch {
      authorized = false;
    }
    // Only `true` or a caller key let a request through: anything else an app's check returns refuses it.
    const callerKey = (authorized as { callerKey?: unknown } | null)?.callerKey;
    if (authorized !== true && typeof callerKey !== "string") {
      return [refusal(403, "The caller is not authorized for this request."), "unauthorized"];
    }
    if (typeof callerKey === "string") event.callerKey = callerKey;
    const retryAfter = limiter.take(event.callerKey);
    if (retryAfter !== undefined) {
      return [refusal(429, "Too many requests.", { "retry-after": String(retryAfter) }), "rate-limited"];
    }

    const call: ForwardCall = { operation, name, version: route.version, maxPageSize: query.maxPageSize };
    const takesBody = BODY_OPERATIONS.has(operation);
    if (takesBody && !/^application\/json\s*(;|$)/i.test(header("content-type") ?? "")) {
      return [refusal(415, "The body must be application/json."), "bad-request"];
    }
    let text: string | undefined;
    try {
      text = await readBody(header("content-length"), request.body, takesBody ? maxBodyBytes : 0);
    } catch {
      return [refusal(400, "The body is not UTF-8 text."), "bad-request"];
    }
    if (text === undefined) {
      return takesBody
        ? [refusal(413, `The body is larger than ${maxBodyBytes} bytes.`), "body-too-large"]
        : [refusal(400, `${operation} takes no body.`), "bad-request"];
    }
    if (takesBody) {
      // An empty body is also what a SecretClient's first (challenge probe) request carries: it is sent again
      // with its body.
      if (text === "") return [refusal(400, "The request needs a JSON body."), "bad-request"];
      try {
        const json: unknown = JSON.parse(text);
        if (operation === "restoreSecretBackup") call.backup = restoreBlob(json);
        else {
          const write = secretWrite(json, operation === "setSecret");
          call.value = write.value;
          call.writeOptions = write.options;
        }
      } catch (error) {
        const message = error instanceof TypeError ? error.message : "The body is not valid JSON.";
        return [refusal(400, message), "bad-request"];
      }
    }
    const gatewayBase = `${selfOrigin}${basePath}`;
    if (query.continuation)
      call.continuationToken = `${client.vaultUrl.replace(/\/+$/, "")}${route.path}${url.search}`;

    let answer;
    try {
      answer = await forward(client, call);
    } catch (error) {
      if (!(error instanceof UpstreamUnreachable)) throw error;
      return [refusal(502, "The vault could not be reached."), "upstream-unreachable"];
    }
    // A 401 the client could not answer is the gateway identity's problem; the page must not see a challenge.
    if (answer.status === 401)
      return [refusal(502, "The vault did not accept the gateway's identity."), "forwarded"];
    let body = answer.body;
    if (LISTINGS.has(operation) && answer.status === 200 && body) {
      body =
        filterPage(body, allowedName, (link) => gatewayNextLink(link, upstreamPath, gatewayBase)) ?? body;
    }
    return [upstreamResponse(answer.status, body, answer.headers), "forwarded"];
  }

  const handleParts: GatewayPartsEntry = async (request, connection) => {
    const start = now();
    const event: GatewayAuditEvent = {
      method: request.method,
      callerKey: connection?.clientAddress ?? "anonymous",
      decision: "bad-request",
      status: 0,
      durationMs: 0,
    };
    let response: GatewayAnswer;
    try {
      [response, event.decision] = await decide(request, event);
    } catch {
      response = refusal(400, "The request could not be read.");
    }
    const origin = request.header("origin");
    if (origin !== null && corsOrigins.includes(origin) && event.decision !== "preflight") {
      Object.assign(response.headers, corsHeaders(origin));
    }
    event.status = response.status;
    event.durationMs = now() - start;
    // Built only when someone listens: the line costs more than a refusal.
    if (logger.info.enabled) {
      logger.info(
        `Gateway ${event.method} ${event.operation ?? "-"} ${event.name ?? "-"} caller ${event.callerKey}: ` +
          `${event.decision} ${event.status} in ${event.durationMs} ms`,
      );
    }
    options.onAudit?.(event);
    return response;
  };

  const gateway: SecretsGateway & WithPartsEntry = async (request, connection) =>
    toResponse(await handleParts(partsOfRequest(request), connection));
  gateway[PARTS_ENTRY] = handleParts;
  return gateway;
}
