// Where the dashboard listens: nowhere unless asked (startEmulator), plain HTTP on loopback, HTTPS with the
// emulator's CA on any other address (its token then crosses a network).
import * as https from "node:https";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../../src/emulator/index.js";
import { isLoopbackHost } from "../../../src/emulator/dashboard/dashboardSetup.js";

function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (response) => resolve(response.resume().statusCode!)).on("error", reject);
  });
}

describe("the dashboard listener", () => {
  it("is not started by startEmulator() unless asked", async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.dashboardUrl).toBeUndefined();
    } finally {
      await emulator.stop();
    }
  });

  it("serves HTTPS with the emulator's CA off loopback, and 401 without the token there too", async () => {
    const emulator = await startEmulator({ dashboard: { host: "0.0.0.0" } });
    try {
      const url = new URL(emulator.dashboardUrl!);
      expect(url.protocol).toBe("https:");
      expect(url.hostname).toBe("127.0.0.1");
      expect(await getStatus(`${url.origin}/`, emulator.caCertificate!)).toBe(200);
      expect(await getStatus(`${url.origin}/api/vaults`, emulator.caCertificate!)).toBe(401);
    } finally {
      await emulator.stop();
    }
  });

  it("counts 127.x, localhost and ::1 as loopback, and nothing else", () => {
    expect(["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["0.0.0.0", "::", "192.168.1.10", "example.test"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
