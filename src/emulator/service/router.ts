// Routing by method + segment count, never by name alone (docs/service-behaviour.md#routing): POST
// /secrets/restore is restore while PUT /secrets/restore sets a secret called "restore"; GET
// /secrets/{n}/versions lists versions (a real version is 32 hex characters, so there is no clash);
// GET /secrets/{n}/backup is "get version backup".
import type { OperationName } from "../protocol/types.js";

/** A request path matched to an operation. */
export interface RouteMatch {
  operation: OperationName;
  /** The percent-decoded name segment; absent for the list operations and restore. */
  secretName?: string;
  /** The percent-decoded version segment; absent or `""` means the current version. */
  version?: string;
}

/** The routing outcome: a match, a known path shape with the wrong method, or no route at all. */
export type RouteResult =
  { kind: "matched"; match: RouteMatch } | { kind: "methodNotAllowed" } | { kind: "notFound" };

type Segments = [string, ...string[]];

/** Matches `method` and the raw (percent-encoded) `pathname` of a vault request. */
export function matchRoute(method: string, pathname: string): RouteResult {
  const segments = pathSegments(pathname);
  const verb = method.toUpperCase();
  const collection = segments[0].toLowerCase();
  let routes: Partial<Record<string, RouteMatch>> | undefined;
  if (collection === "secrets") routes = secretRoutes(segments);
  else if (collection === "deletedsecrets") routes = deletedSecretRoutes(segments);
  if (!routes) return { kind: "notFound" };
  const match = routes[verb];
  return match ? { kind: "matched", match } : { kind: "methodNotAllowed" };
}

/**
 * Routing only, for fault matching and the journal before a request is handled: the operation and the
 * decoded secret name, or `undefined` when no operation matches.
 */
export function identifyOperation(
  method: string,
  pathname: string,
): { operation: OperationName; secretName?: string } | undefined {
  const result = matchRoute(method, pathname);
  if (result.kind !== "matched") return undefined;
  const { operation, secretName } = result.match;
  return secretName === undefined ? { operation } : { operation, secretName };
}

// Leading slashes are dropped (SDKs sometimes send `//secrets/...`), and one trailing empty segment is
// dropped too: `/secrets/{n}/` (the SDKs' get-latest) is the same resource as `/secrets/{n}`.
function pathSegments(pathname: string): Segments {
  const segments = pathname.replace(/^\/+/, "").split("/").map(decodeSegment) as Segments;
  if (segments.length >= 2 && segments[segments.length - 1] === "") segments.pop();
  return segments;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A broken escape cannot form a valid name; keeping it raw lets the name check reject it by name.
    return segment;
  }
}

function secretRoutes(segments: Segments): Partial<Record<string, RouteMatch>> | undefined {
  const [, name, action] = segments;
  if (segments.length === 1) return { GET: { operation: "getSecrets" } };
  if (name === undefined || segments.length > 3) return undefined;
  if (segments.length === 2) {
    const routes: Partial<Record<string, RouteMatch>> = {
      PUT: { operation: "setSecret", secretName: name },
      GET: { operation: "getSecret", secretName: name },
      PATCH: { operation: "updateSecret", secretName: name },
      DELETE: { operation: "deleteSecret", secretName: name },
    };
    if (name.toLowerCase() === "restore") routes.POST = { operation: "restoreSecret" };
    return routes;
  }
  const word = action.toLowerCase();
  const routes: Partial<Record<string, RouteMatch>> = {
    GET: { operation: "getSecret", secretName: name, version: action },
    PATCH: { operation: "updateSecret", secretName: name, version: action },
  };
  if (word === "versions") routes.GET = { operation: "getSecretVersions", secretName: name };
  if (word === "backup") routes.POST = { operation: "backupSecret", secretName: name };
  return routes;
}

function deletedSecretRoutes(segments: Segments): Partial<Record<string, RouteMatch>> | undefined {
  const [, name, action] = segments;
  if (segments.length === 1) return { GET: { operation: "getDeletedSecrets" } };
  if (name === undefined || segments.length > 3) return undefined;
  if (segments.length === 2) {
    return {
      GET: { operation: "getDeletedSecret", secretName: name },
      DELETE: { operation: "purgeDeletedSecret", secretName: name },
    };
  }
  return action.toLowerCase() === "recover"
    ? { POST: { operation: "recoverDeletedSecret", secretName: name } }
    : undefined;
}
