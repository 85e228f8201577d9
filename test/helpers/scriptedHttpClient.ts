import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";

/** A request as the transport saw it, snapshotted at send time (later mutations do not change it). */
export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as sent, or undefined for a bodiless request. */
  body?: string;
}

/** One scripted answer: a response (object bodies are sent as JSON), or a transport error to throw. */
export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { error: { code: string; message?: string } };

/** An answer, or a function deciding the answer from the request (for order-independent scripts). */
export type ScriptStep =
  ScriptedAnswer | ((request: RecordedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>);

/**
 * A fake HttpClient for policy and pipeline unit tests: replays scripted answers in order, records every
 * request, and fails loudly when a request arrives that the script did not expect. No sockets.
 */
export class ScriptedHttpClient implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  readonly pipelineRequests: PipelineRequest[] = [];
  private readonly steps: ScriptStep[];

  constructor(
    steps: ScriptStep[] | ((request: RecordedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>),
  ) {
    this.steps = Array.isArray(steps) ? [...steps] : [];
    this.fallback = Array.isArray(steps) ? undefined : steps;
  }

  private readonly fallback?: (request: RecordedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

  /** Scripted steps not consumed yet. */
  get remaining(): number {
    return this.steps.length;
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(
        Object.entries(request.headers.toJSON()).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      body: typeof request.body === "string" ? request.body : undefined,
    };
    this.requests.push(recorded);
    this.pipelineRequests.push(request);
    const step = this.steps.shift() ?? this.fallback;
    if (!step) {
      throw new Error(`ScriptedHttpClient: unexpected request ${request.method} ${request.url}`);
    }
    const answer = typeof step === "function" ? await step(recorded) : step;
    if ("error" in answer) {
      throw new RestError(answer.error.message ?? answer.error.code, { code: answer.error.code, request });
    }
    const headers = createHttpHeaders(answer.headers);
    let bodyAsText: string | undefined;
    if (typeof answer.body === "string") {
      bodyAsText = answer.body;
    } else if (answer.body !== undefined) {
      bodyAsText = JSON.stringify(answer.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
    }
    return { status: answer.status, headers, request, bodyAsText };
  }
}

/** The standard Key Vault 401 challenge for a resource and tenant. */
export function challenge(
  resource = "https://vault.azure.net",
  tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47",
): ScriptedAnswer {
  return {
    status: 401,
    headers: {
      "WWW-Authenticate": `Bearer authorization="https://login.windows.net/${tenant}", resource="${resource}"`,
    },
    body: { error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } },
  };
}

/** A CAE claims challenge carrying the given claims JSON, base64 without padding. */
export function caeChallenge(claimsJson: string): ScriptedAnswer {
  const claims = btoa(claimsJson).replace(/=+$/, "");
  return {
    status: 401,
    headers: {
      "WWW-Authenticate":
        `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ` +
        `error="insufficient_claims", claims="${claims}"`,
    },
    body: { error: { code: "Unauthorized", message: "Token revoked." } },
  };
}

/** A recorded getToken call. */
export interface TokenCall {
  scopes: string[];
  options: GetTokenOptions;
}

/**
 * A TokenCredential that hands out `token-1`, `token-2`, … and records every call. `lifetimeMs` sets how
 * long each token lives (from `Date.now()` at issue time).
 */
export class RecordingCredential implements TokenCredential {
  readonly calls: TokenCall[] = [];
  constructor(private readonly lifetimeMs = 60 * 60 * 1000) {}

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    this.calls.push({ scopes: Array.isArray(scopes) ? scopes : [scopes], options });
    return { token: `token-${this.calls.length}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}
