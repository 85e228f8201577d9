// The secrets routes of the Key Vault REST API, and nothing else: a request path either maps to one SDK
// operation (with its name and version) or is refused here, before any upstream work.
import { SECRET_NAME } from "../model/validation.js";
import type { GatewayOperation } from "./options.js";

/** A request path matched to an operation. */
export interface MatchedRoute {
  operation: GatewayOperation;
  /** The secret name, when the route names one. */
  name?: string;
  /** The version segment of get/update ("" = latest). */
  version?: string;
  /** The upstream path below the vault URL, re-built from checked segments. */
  path: string;
}

/** Why a path was refused: the status and the message of the answer. */
export interface RouteRefusal {
  status: 400 | 404 | 405;
  message: string;
  /** For 405: the methods the route takes. */
  allow?: string;
}

// A version of letters and digits only (the service issues 32 hex digits); names follow Key Vault's own rule.
const VERSION = /^[0-9a-zA-Z]{1,64}$/;

/** One route shape: the methods it takes, each with its operation. */
type Methods = Partial<Record<string, GatewayOperation>>;

/** The route shape of the segments after the base path, or undefined when none matches. */
function shapeOf(segments: string[]): { methods: Methods; name?: string; version?: string } | undefined {
  const [collection, name, last, extra] = segments;
  if (extra !== undefined) return undefined;
  if (collection === "secrets") {
    if (name === undefined) return { methods: { GET: "listPropertiesOfSecrets" } };
    if (name === "restore" && last === undefined) {
      return { methods: { POST: "restoreSecretBackup", PUT: "setSecret" }, name };
    }
    if (last === undefined) {
      return {
        methods: {
          GET: "getSecret",
          PUT: "setSecret",
          PATCH: "updateSecretProperties",
          DELETE: "beginDeleteSecret",
        },
        name,
        version: "",
      };
    }
    if (last === "versions") return { methods: { GET: "listPropertiesOfSecretVersions" }, name };
    if (last === "backup") return { methods: { POST: "backupSecret" }, name };
    return { methods: { GET: "getSecret", PATCH: "updateSecretProperties" }, name, version: last };
  }
  if (collection === "deletedsecrets") {
    if (name === undefined) return { methods: { GET: "listDeletedSecrets" } };
    if (last === undefined)
      return { methods: { GET: "getDeletedSecret", DELETE: "purgeDeletedSecret" }, name };
    if (last === "recover") return { methods: { POST: "beginRecoverDeletedSecret" }, name };
  }
  return undefined;
}

/**
 * Matches `method` and the request path to a secrets route. `pathname` is the URL's (already free of dot
 * segments); anything percent-encoded, empty segments inside the path, a name outside Key Vault's pattern,
 * a path outside `basePath` or not a secrets route, and a method the route does not take are refused.
 */
export function matchRoute(method: string, pathname: string, basePath: string): MatchedRoute | RouteRefusal {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
    return { status: 404, message: "Not a path of this gateway." };
  }
  const rest = pathname.slice(basePath.length);
  // No encoded character is part of any secrets route; an encoded slash or dot is an attempt to smuggle one.
  if (/[%\\;]/.test(rest)) return { status: 400, message: "The path has encoded or reserved characters." };
  const segments = rest.split("/").slice(1);
  // get-latest and update-latest are `/secrets/{name}/`: one trailing empty segment after a name is the API's.
  if (segments.length === 3 && segments[0] === "secrets" && segments[2] === "") segments.pop();
  if (segments.some((segment) => segment === ""))
    return { status: 400, message: "The path has empty segments." };
  const shape = shapeOf(segments);
  if (!shape)
    return { status: 404, message: "Not a secrets route: only /secrets and /deletedsecrets are served." };
  if (shape.name !== undefined && !SECRET_NAME.test(shape.name)) {
    return { status: 400, message: "The secret name must be 1-127 letters, digits and dashes." };
  }
  if (shape.version && !VERSION.test(shape.version)) {
    return { status: 400, message: "The secret version must be letters and digits." };
  }
  const operation = shape.methods[method];
  if (!operation) {
    return {
      status: 405,
      message: "The route does not take this method.",
      allow: Object.keys(shape.methods).join(", "),
    };
  }
  return {
    operation,
    name: operation === "restoreSecretBackup" ? undefined : shape.name,
    version: shape.version,
    path: rest,
  };
}

/** Whether a match refused the request. */
export function isRefusal(match: MatchedRoute | RouteRefusal): match is RouteRefusal {
  return "status" in match;
}

/** Listing operations: their pages are filtered and their nextLinks rewritten (listing.ts). */
export const LISTINGS: ReadonlySet<GatewayOperation> = new Set<GatewayOperation>([
  "listPropertiesOfSecrets",
  "listPropertiesOfSecretVersions",
  "listDeletedSecrets",
]);
