// The admin API client: every request carries the per-run token in the Authorization header (never a
// cookie, never the URL), and the live stream is read with fetch so it can carry the header too.
const TOKEN_KEY = "keyvault-emulator-admin-token";

/** Takes the token from the URL fragment (then removes it from the address bar) or this tab's storage. */
export function adminToken() {
  const match = /^#token=([\w-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, "", `${location.pathname}#/vaults`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function headers(extra = {}) {
  return { authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`, ...extra };
}

/** Calls the admin API; resolves with the JSON (or text) answer, rejects with the API's message. */
export async function api(path, { method = "GET", body, text = false } = {}) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["content-type"] = typeof body === "string" ? "text/plain" : "application/json";
  }
  const response = await fetch(`/api/${path}`, init);
  if (response.status === 204) return undefined;
  const answer = text ? await response.text() : await response.json();
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

/** Encodes one path segment. */
export const seg = encodeURIComponent;

/** Reads the server-sent event stream; calls `onEvent(type, data)`; returns a function that stops it. */
export function openStream(onEvent) {
  const controller = new AbortController();
  (async () => {
    const response = await fetch("/api/stream", { headers: headers(), signal: controller.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (type && data) onEvent(type, JSON.parse(data));
      }
    }
  })().catch(() => undefined);
  return () => controller.abort();
}
