// Real Chromium driven by playwright-core, plus a tiny HTTP server on 127.0.0.1 to load pages from. The
// browser project's globalSetup (provision/globalSetup.browser.ts) finds or installs Chromium and provides
// its path.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { inject } from "vitest";

/** Launches headless Chromium with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject("chromiumPath"),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** One file (or computed answer) the server sends. */
export interface ServedFile {
  type: string;
  body: string | Uint8Array;
  /** @default 200 */
  status?: number;
}

/** Computes the answer to a path from the request URL (query included). */
export type DynamicRoute = (url: URL) => ServedFile | Promise<ServedFile>;

/** A running server; `origin` is `http://127.0.0.1:<port>`. */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** The MIME type of a built file, from its extension. */
export function contentTypeOf(path: string): string {
  if (path.endsWith(".html")) return "text/html";
  if (path.endsWith(".js") || path.endsWith(".mjs")) return "text/javascript";
  if (path.endsWith(".css")) return "text/css";
  if (path.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}

/**
 * Serves each path from an in-memory map of file contents, or from `routes` for computed answers
 * (a token endpoint, say). Anything else is a 404.
 */
export async function serveFiles(
  files: Record<string, ServedFile>,
  routes: Record<string, DynamicRoute> = {},
): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const answer = async (): Promise<ServedFile | undefined> =>
      files[url.pathname] ?? (await routes[url.pathname]?.(url));
    answer().then(
      (file) => {
        if (!file) {
          res.writeHead(404).end();
          return;
        }
        res
          .writeHead(file.status ?? 200, { "content-type": file.type, "cache-control": "no-store" })
          .end(file.body);
      },
      (error: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
