// The responses fault actions produce (or turn a real response into).
import { caeChallenge, defaultCaeClaims } from "../identity/challenge.js";
import type { FaultAction } from "./faultTypes.js";
import { errorResponse, statusError } from "../protocol/serviceErrors.js";
import type { EmulatorResponse } from "../protocol/types.js";

/** The response a `status` fault answers with. */
export function statusFaultResponse(action: Extract<FaultAction, { kind: "status" }>): EmulatorResponse {
  const response = errorResponse(statusError(action.status, action.errorCode, action.errorMessage));
  if (action.retryAfterSeconds !== undefined)
    response.headers["retry-after"] = String(action.retryAfterSeconds);
  if (action.retryAfterMs !== undefined) response.headers["retry-after-ms"] = String(action.retryAfterMs);
  return response;
}

/** The response a `caeChallenge` fault answers with. */
export function caeFaultResponse(action: Extract<FaultAction, { kind: "caeChallenge" }>, nowMs: number) {
  return caeChallenge(action.claims ?? defaultCaeClaims(nowMs));
}

/** The response an `emptyPage` fault answers with: no items, and a `nextLink` back to the same page. */
export function emptyPageResponse(url: URL): EmulatorResponse {
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ value: [], nextLink: url.href }),
  };
}

/** Cuts a response's body in half (at least one character goes missing). */
export function truncateBody(response: EmulatorResponse): EmulatorResponse {
  const body = response.body ?? "";
  return { ...response, body: body.slice(0, Math.max(0, Math.floor(body.length / 2))) };
}

/** Replaces a response's body with text that no JSON parser accepts. */
export function malformBody(response: EmulatorResponse): EmulatorResponse {
  return { ...response, body: `{"value": <malformed by keyvault-emulator fault> ,}` };
}
