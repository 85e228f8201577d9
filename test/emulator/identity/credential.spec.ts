import { SecretClient } from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import { createEmulatorHttpClient } from "../../../src/emulator/index.js";

describe("EmulatorCredential", () => {
  it("mints a token for the scope's resource that the emulator accepts", async () => {
    const emulator = createEmulatorHttpClient();
    const { token, tokenType } = await emulator.credential.getToken([`${emulator.vaultUrl}/.default`]);
    expect(tokenType).toBe("Bearer");
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims.aud).toBe(emulator.vaultUrl);
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it("refuses an empty scope list", async () => {
    const emulator = createEmulatorHttpClient();
    await expect(emulator.credential.getToken([])).rejects.toThrow("needs at least one scope");
  });

  it("keeps an SDK client working after the emulator clock jumps past the token lifetime", async () => {
    const emulator = createEmulatorHttpClient();
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: emulator,
      disableChallengeResourceVerification: true,
    });
    await client.setSecret("long-lived", "value");
    emulator.clock.advance(100 * 86_400_000);
    expect((await client.getSecret("long-lived")).value).toBe("value");
    expect(emulator.journal.entries().map((entry) => entry.status)).toEqual([401, 200, 200]);
  });
});
