// A VaultTarget that reaches a real emulator over HTTPS with raw node:https requests: the emulator's CA is
// the only trust anchor, and every request carries a freshly minted bearer token (minted on the emulator
// clock, so tests that move the clock still send valid tokens).
import * as https from "node:https";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import type { VaultSettings } from "../../src/emulator/vault/vaultStore.js";
import {
  buildTargetBody,
  buildTargetUrl,
  toTargetResponse,
  type TargetRequest,
  type TargetResponse,
  type VaultTarget,
} from "./emulatorTarget.js";

/** An HTTPS target and the emulator behind it. */
export interface HttpsTarget extends VaultTarget {
  emulator: RunningEmulator;
  /** Stops the emulator and closes the keep-alive agent. */
  close(): Promise<void>;
}

/** Starts an HTTPS emulator with `settings` and returns a target driving it with raw requests. */
export async function createHttpsTarget(settings: Partial<VaultSettings> = {}): Promise<HttpsTarget> {
  const emulator = await startEmulator(settings);
  const agent = new https.Agent({ keepAlive: true, ca: emulator.caCertificate, maxSockets: 64 });
  return {
    vaultUrl: emulator.vaultUrl,
    emulator,
    clock: emulator.clock,
    reset: () => {
      emulator.reset();
      emulator.clock.reset();
    },
    send: async (req) => {
      const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
      return sendRaw(agent, req, { authorization: `Bearer ${token}` }, emulator.vaultUrl);
    },
    close: async () => {
      agent.destroy();
      await emulator.stop();
    },
  };
}

/** Sends one request over `agent` and reads the whole response. */
export function sendRaw(
  agent: https.Agent,
  req: TargetRequest,
  extraHeaders: Record<string, string>,
  vaultUrl: string,
): Promise<TargetResponse> {
  const url = buildTargetUrl(vaultUrl, req);
  const { body, headers } = buildTargetBody(req);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: req.method.toUpperCase(),
        agent,
        headers: { ...headers, ...extraHeaders, "content-length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          try {
            resolve(toTargetResponse(response.statusCode!, flat, Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
