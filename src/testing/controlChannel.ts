// The control channel of a run-wide emulator, both ends: a loopback HTTP endpoint, started next to the
// emulator by the Vitest or Jest global setup, through which test workers (other processes or threads)
// create, reset and delete their vaults, read their journal, move the clock and add faults. Each request is
// one VaultControl call: `POST /<method>` with the JSON array of its arguments, answered `{ "result": … }` or
// `{ "error": { "name", "message" } }`. A random bearer token keeps other local processes out.
import { randomBytes, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { VaultControl } from "./vaultControl.js";

/** The calls the control channel carries (every method of VaultControl). */
export const CONTROL_METHODS = [
  "createVault",
  "deleteVault",
  "resetVault",
  "markJournal",
  "journal",
  "advanceClock",
  "now",
  "addFault",
  "removeFault",
] as const satisfies readonly (keyof VaultControl)[];

/** A started control server. */
export interface ControlServer {
  /** Its base URL, e.g. `http://127.0.0.1:40125`. */
  readonly url: string;
  /** The bearer token requests must carry. */
  readonly token: string;
  /** Stops listening (open connections included). */
  close(): Promise<void>;
}

/** Serves `control` on a free loopback port. */
export async function startControlServer(control: VaultControl): Promise<ControlServer> {
  const token = randomBytes(24).toString("hex");
  const expected = Buffer.from(`Bearer ${token}`);
  const methods = new Set<string>(CONTROL_METHODS);
  const server = http.createServer((request, response) => {
    const answer = (status: number, body: unknown): void => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      request.resume();
      return answer(401, { error: { name: "Error", message: "Unknown control token." } });
    }
    const method = (request.url ?? "").slice(1);
    if (request.method !== "POST" || !methods.has(method)) {
      request.resume();
      return answer(404, { error: { name: "Error", message: `No control call ${method}.` } });
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        try {
          const args = JSON.parse(Buffer.concat(chunks).toString("utf8") || "[]") as unknown[];
          const call = control[method as keyof VaultControl] as (...args: unknown[]) => Promise<unknown>;
          answer(200, { result: (await call(...args)) ?? null });
        } catch (error) {
          const { name, message } = error as Error;
          answer(400, { error: { name, message } });
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // Test workers come and go; the run's end must not wait for their idle keep-alive sockets.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The errors a control call may come back with, re-created by name so `instanceof` keeps working. */
const ERROR_TYPES: Record<string, new (message: string) => Error> = { TypeError, RangeError };

/** A VaultControl that sends each call to the control server at `url`. */
export function remoteControl(url: string, token: string): VaultControl {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const response = await fetch(`${url}/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { result?: unknown; error?: { name: string; message: string } };
    if (body.error) throw new (ERROR_TYPES[body.error.name] ?? Error)(body.error.message);
    return body.result;
  };
  return Object.fromEntries(
    CONTROL_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as unknown as VaultControl;
}
