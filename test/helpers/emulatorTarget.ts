// A vault under test, reachable either by calling the pure handler directly (createHandlerTarget) or over
// real HTTPS (createHttpsTarget in httpsTarget.ts): the conformance suites in test/emulator/conformance run on both.
import { EmulatorClock } from "../../src/emulator/vault/clock";
import { handleVaultRequest } from "../../src/emulator/service/handler";
import { VaultStore, defaultVaultSettings, type VaultSettings } from "../../src/emulator/vault/vaultStore";

/** The api-version `send` adds when a test does not choose one. */
export const defaultTestApiVersion = "2025-07-01";

/** A request as a conformance test writes it. */
export interface TargetRequest {
  method: string;
  /**
   * Path below the vault URL, e.g. `/secrets/name/`. A path that carries its own query string (`?…`) is
   * sent verbatim, with nothing added: that is how tests send nextLinks, omit `api-version` or spell it
   * `api%2Dversion`.
   */
  path: string;
  /** Query parameters; `api-version` is added (default {@link defaultTestApiVersion}) unless set here. */
  query?: Record<string, string>;
  /** A JSON body (serialised by `send`). */
  body?: unknown;
  /** A raw body text, sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A response as a conformance test reads it. */
export interface TargetResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or `undefined` when the body is empty. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A vault the conformance suites can drive. */
export interface VaultTarget {
  /** The vault URL (origin only), e.g. `https://127.0.0.1:8443`. */
  vaultUrl: string;
  send(req: TargetRequest): Promise<TargetResponse>;
  /** The vault's clock. */
  clock: { advance(ms: number): void; freeze(at?: number): void; now(): number };
  /** Empties the vault. */
  reset(): void;
}

/** Builds the full request URL for `req` (shared by every target so all send exactly the same URLs). */
export function buildTargetUrl(vaultUrl: string, req: TargetRequest): URL {
  if (req.path.includes("?")) return new URL(vaultUrl + req.path);
  const url = new URL(vaultUrl + req.path);
  const query = { "api-version": defaultTestApiVersion, ...req.query };
  for (const [key, value] of Object.entries(query)) url.searchParams.append(key, value);
  return url;
}

/** The body text and headers `send` puts on the wire for `req`. */
export function buildTargetBody(req: TargetRequest): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = req.rawBody ?? (req.body === undefined ? "" : JSON.stringify(req.body));
  if (body !== "" && headers["content-type"] === undefined) headers["content-type"] = "application/json";
  return { body, headers };
}

/** Turns a raw status/headers/text into a {@link TargetResponse}. */
export function toTargetResponse(
  status: number,
  headers: Record<string, string>,
  text: string,
): TargetResponse {
  return { status, headers, text, json: text === "" ? undefined : JSON.parse(text) };
}

/** A target that calls {@link handleVaultRequest} directly: no sockets, no auth, no common headers. */
export function createHandlerTarget(settings: Partial<VaultSettings> = {}): VaultTarget {
  const vaultUrl = "https://127.0.0.1:8443";
  const clock = new EmulatorClock();
  const store = new VaultStore({ ...defaultVaultSettings, ...settings }, clock);
  return {
    vaultUrl,
    clock,
    reset: () => {
      store.reset();
      clock.reset();
    },
    send: async (req) => {
      const { body, headers } = buildTargetBody(req);
      const { response } = handleVaultRequest(
        { method: req.method.toUpperCase(), url: buildTargetUrl(vaultUrl, req), headers, body },
        store,
      );
      return toTargetResponse(response.status, response.headers, response.body ?? "");
    },
  };
}
