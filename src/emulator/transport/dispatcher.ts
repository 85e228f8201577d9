// The one path every vault request takes, whichever adapter carried it (HTTPS/HTTP server or the
// in-process HttpClient): CORS preflight → authentication → faults → handler → journal → common headers.
// Authentication comes before the body is even read: SDKs probe with a body-less request first.
import { performance } from "node:perf_hooks";
import { bearerChallenge } from "../identity/challenge.js";
import { addCommonHeaders } from "./commonHeaders.js";
import type { CorsPolicy } from "./cors.js";
import {
  caeFaultResponse,
  emptyPageResponse,
  malformBody,
  statusFaultResponse,
  truncateBody,
} from "../faults/faultResponses.js";
import type { FaultAction, FaultInjector } from "../faults/faults.js";
import { handleVaultRequest, type HandledRequest } from "../service/handler.js";
import type { Journal, JournalEntry } from "./journal.js";
import type { Throttle } from "./throttle.js";
import { identifyOperation } from "../service/router.js";
import { ServiceError, errorResponse, unknownVault } from "../protocol/serviceErrors.js";
import type { TokenAuthority } from "../identity/tokens.js";
import type { IdentityDirectory } from "../identity/identities.js";
import type { AccessControl } from "../access/accessControl.js";
import type { EmulatorResponse, OperationName } from "../protocol/types.js";
import { challengeResourceOf, hostTarget, type HostTarget } from "../vault/vaultHosts.js";
import type { VaultRegistry } from "../vault/vaultRegistry.js";
import type { VaultStore } from "../vault/vaultStore.js";

/** The unauthenticated readiness path (the service has no such path, so no SDK ever requests it). */
export const HEALTH_PATH = "/health";

function healthResponse(method: string): EmulatorResponse {
  const body = JSON.stringify({ status: "ok" });
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: method === "HEAD" ? undefined : body,
  };
}

/** A request as an adapter hands it over: the body is read only if the request gets that far. */
export interface DispatchRequest {
  /** Upper-case method. */
  method: string;
  /** Full URL; its origin is the vault origin the token must be for. */
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Reads the whole body (called at most once, after authentication). */
  readBody(): Promise<string>;
  /** Whether the request came over TLS. */
  secure: boolean;
  /** The caller's address, when known. */
  remoteAddress?: string;
  /** Aborted when the client gives up (abort, timeout, disconnect): ends latency and hang faults. */
  signal?: AbortSignal;
}

/** What the adapter must do. */
export type DispatchOutcome =
  | { kind: "response"; response: EmulatorResponse }
  /** Drop the connection without answering. */
  | { kind: "reset" }
  /** The client went away before an answer was ready; nothing to send. */
  | { kind: "aborted" };

/** The state a dispatcher works on; shared by every adapter of one emulator. */
export interface DispatcherParts {
  /** The vaults; the request's host picks one. */
  vaults: VaultRegistry;
  /** The domains vault names are read from (`<vault>.<domain>`). */
  vaultDomains: readonly string[];
  tokens: TokenAuthority;
  /** Names the identity a token was issued to (journal, authorization). */
  identities: IdentityDirectory;
  /** Per-vault authorization (RBAC or access policies) of named identities. */
  access: AccessControl;
  faults: FaultInjector;
  journal: Journal;
  cors: CorsPolicy;
  /** Per-vault throttling (the `throttle`/`realistic` options); none when absent. */
  throttle?: Throttle;
  /** Receives the redacted access log. */
  logger?: { info(line: string): void };
  /** Called after a request that changed the vault; the response waits for it (durability). */
  onMutation?: () => void | Promise<void>;
}

interface RequestFacts {
  method: string;
  operation?: OperationName;
  secretName?: string;
  apiVersion?: string;
  vault?: string;
  identity?: string;
}

/** The vault a request's host reached, or the error answering a host naming no vault. */
type VaultChoice =
  { store: VaultStore; name: string; target: HostTarget } | { error: ServiceError; name: string };

/** Runs requests through the emulator pipeline. */
export class Dispatcher {
  constructor(private readonly parts: DispatcherParts) {}

  /** Handles one request. Never throws: emulator bugs become a generic 500. */
  async dispatch(request: DispatchRequest): Promise<DispatchOutcome> {
    const started = performance.now();
    const { vaults, tokens, cors, faults } = this.parts;
    const time = vaults.clock.now();
    // Readiness probes (CI, compose files) need no token and stay out of the journal and the throttle.
    if (request.url.pathname === HEALTH_PATH && (request.method === "GET" || request.method === "HEAD")) {
      return { kind: "response", response: this.finish(request, healthResponse(request.method)) };
    }
    if (cors.isPreflight(request.method, request.headers)) {
      return { kind: "response", response: this.finish(request, cors.preflightResponse(request.headers)) };
    }
    // Routing is needed before the handler only for 401s and faults; otherwise the handler's own
    // routing result is journalled (it routes anyway), which keeps the hot path to one route match.
    const vault = this.chooseVault(request.url);
    let facts: RequestFacts | undefined;
    const routeFacts = (): RequestFacts => (facts ??= { ...factsOf(request), vault: vault.name });
    // Known once the token is checked; the journal names it for every later answer.
    const caller: { identity?: string } = {};
    const record = (status: number, fault?: FaultAction["kind"]) =>
      this.record(
        { ...routeFacts(), identity: caller.identity },
        time,
        status,
        performance.now() - started,
        request.url.pathname,
        fault,
      );

    // Before authentication: a host naming no vault is the caller's configuration error, and it gets the
    // same clear answer with or without a token.
    if ("error" in vault) {
      const response = errorResponse(vault.error);
      record(response.status);
      return { kind: "response", response: this.finish(request, response) };
    }
    const store = vault.store;
    const resource = challengeResourceOf(request.url, vault.target);
    const verdict = tokens.verify(request.headers["authorization"], resource, request.url.origin);
    if (!verdict.valid) {
      const response = bearerChallenge(verdict.message, tokens.tenantId, resource);
      record(response.status);
      return { kind: "response", response: this.finish(request, response) };
    }

    const identity = this.parts.identities.withObjectId(verdict.claims.oid);
    caller.identity = identity?.name;

    const throttled = this.parts.throttle?.check(store, routeFacts().operation);
    if (throttled) {
      record(throttled.status);
      return { kind: "response", response: this.finish(request, throttled) };
    }

    // Only vaults with a permission model route here; open vaults keep the one-route-match hot path.
    let assignmentId: string | undefined;
    if (this.parts.access.governs(vault.name)) {
      const { operation, secretName } = routeFacts();
      const decision = this.parts.access.authorize(vault.name, verdict.claims, operation, secretName);
      if (!decision.allowed) {
        const response = errorResponse(decision.error);
        record(response.status);
        return { kind: "response", response: this.finish(request, response) };
      }
      assignmentId = decision.assignmentId;
    }

    const action = faults.hasRules ? faults.pick(routeFacts())?.action : undefined;
    let response: EmulatorResponse | undefined;
    switch (action?.kind) {
      case "status":
        response = statusFaultResponse(action);
        break;
      case "caeChallenge":
        response = caeFaultResponse(action, vaults.clock.now());
        break;
      case "emptyPage":
        response = emptyPageResponse(request.url);
        break;
      case "reset":
        record(0, action.kind);
        return { kind: "reset" };
      case "hang":
        await abortOf(request.signal);
        record(0, action.kind);
        return { kind: "aborted" };
      case "latency":
        if (!(await sleep(action.ms, request.signal))) {
          record(0, action.kind);
          return { kind: "aborted" };
        }
        break;
    }

    if (!response) {
      const handled = await this.handle(request, store);
      const { operation, secretName, apiVersion } = handled;
      facts ??= { method: request.method, operation, secretName, apiVersion, vault: vault.name };
      response = handled.response;
      if (action?.kind === "truncatedBody") response = truncateBody(response);
      if (action?.kind === "malformedBody") response = malformBody(response);
    }
    // The service names the assignment that allowed a request on its RBAC-authorized answers.
    if (assignmentId !== undefined) response.headers["x-ms-keyvault-rbac-assignment-id"] = assignmentId;
    record(response.status, action?.kind);
    return { kind: "response", response: this.finish(request, response) };
  }

  /** The vault the request's host names (or the default one for a plain address). */
  private chooseVault(url: URL): VaultChoice {
    const { vaults, vaultDomains } = this.parts;
    const target = hostTarget(url.hostname, vaultDomains);
    if (target.kind === "address") return { store: vaults.defaultStore, name: vaults.defaultName, target };
    const name = target.vaultName;
    const store = vaults.get(name);
    if (store) return { store, name, target };
    if (!vaults.createOnFirstUse) return { error: unknownVault(name, vaults.names()), name };
    try {
      return { store: vaults.create(name), name, target };
    } catch (error) {
      return { error: unknownVault(name, vaults.names(), (error as Error).message), name };
    }
  }

  private async handle(request: DispatchRequest, store: VaultStore): Promise<HandledRequest> {
    const revision = store.revision;
    let handled: HandledRequest;
    try {
      const body = await request.readBody();
      const { method, url, headers } = request;
      handled = handleVaultRequest({ method, url, headers, body }, store);
    } catch (error) {
      const apiVersion = request.url.searchParams.get("api-version") ?? undefined;
      if (error instanceof ServiceError) return { response: errorResponse(error), apiVersion };
      // Deliberately generic: no stack trace or request detail may reach a body.
      handled = { response: errorResponse(internalError()), apiVersion };
    }
    // A change is acknowledged only once it is durable (with a data file: fsynced to the mutation log).
    if (store.revision !== revision) {
      try {
        await this.parts.onMutation?.();
      } catch {
        handled = { ...handled, response: errorResponse(notPersisted()) };
      }
    }
    return handled;
  }

  private finish(request: DispatchRequest, response: EmulatorResponse): EmulatorResponse {
    this.parts.cors.decorate(response, request.headers["origin"]);
    return addCommonHeaders(response, {
      clientRequestId: request.headers["x-ms-client-request-id"],
      secure: request.secure,
      remoteAddress: request.remoteAddress,
    });
  }

  private record(
    facts: RequestFacts,
    time: number,
    status: number,
    latencyMs: number,
    pathname: string,
    fault?: string,
  ): void {
    // Absent facts stay absent (no `undefined` keys), so entries compare and serialise cleanly.
    const entry: JournalEntry = { time, method: facts.method, status, latencyMs };
    if (facts.operation !== undefined) entry.operation = facts.operation;
    if (facts.secretName !== undefined) entry.secretName = facts.secretName;
    if (facts.apiVersion !== undefined) entry.apiVersion = facts.apiVersion;
    if (facts.vault !== undefined) entry.vault = facts.vault;
    if (fault !== undefined) entry.fault = fault;
    if (facts.identity !== undefined) entry.identity = facts.identity;
    this.parts.journal.record(entry);
    // The path holds only names (never values); the query and every header stay out of the log.
    // With several vaults the line names the one the host reached (a single vault needs no name).
    const vault = facts.vault !== undefined && this.parts.vaults.size > 1 ? ` vault=${facts.vault}` : "";
    this.parts.logger?.info(
      `${facts.method} ${pathname} ${facts.operation ?? "-"} ${status || "no-response"} ` +
        `${latencyMs.toFixed(1)}ms${fault ? ` fault=${fault}` : ""}${vault}`,
    );
  }
}

function internalError(): ServiceError {
  return new ServiceError(500, "InternalServerError", "The emulator failed to process the request.");
}

function notPersisted(): ServiceError {
  return new ServiceError(
    500,
    "InternalServerError",
    "The emulator could not write the change to its data file; it may be lost on restart.",
  );
}

function factsOf(request: DispatchRequest): RequestFacts {
  const route = identifyOperation(request.method, request.url.pathname);
  return {
    method: request.method,
    operation: route?.operation,
    secretName: route?.secretName,
    apiVersion: request.url.searchParams.get("api-version") ?? undefined,
  };
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts (never, without a signal: a hang lasts until the client gives up). */
function abortOf(signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
}
