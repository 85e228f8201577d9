// The headers every dashboard response carries. The page shows secret values on request, so it loads
// nothing but its own files (no inline script or style, no third-party origin), may not be framed
// (clickjacking), sends no referrer and is never cached when it holds data.

/** The Content-Security-Policy of every dashboard response. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Security headers for a dashboard response (`cache`: whether the body may be cached, static files only). */
export function securityHeaders(cache = false): Record<string, string> {
  return {
    "content-security-policy": DASHBOARD_CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": cache ? "no-cache" : "no-store",
  };
}
