// loadSecretsConfig costs nothing to apps that do not import it: a browser bundle of `import { SecretClient }`
// (or of SecretClient and SecretCache) holds no config code. It also states what importing it costs.
import { describe, expect, it } from "vitest";
import { browserBundleOf } from "../helpers/browserBundle";

async function bundle(imports: string) {
  const built = await browserBundleOf(imports, "config");
  return { ...built, configFiles: built.files };
}

describe("loadSecretsConfig and tree shaking", () => {
  it("leaves no config code in a bundle that imports only SecretClient, or SecretClient and SecretCache", async () => {
    for (const imports of ["SecretClient", "SecretClient, SecretCache"]) {
      const { configFiles, text } = await bundle(imports);
      expect(configFiles).toEqual([]);
      for (const marker of ["SecretsConfig", "keyDelimiter", "~standard", "includeExpired"]) {
        expect(text).not.toContain(marker);
      }
    }
  });

  it("costs a bounded number of bytes when imported", async () => {
    const clientOnly = await bundle("SecretClient");
    const withConfig = await bundle("SecretClient, loadSecretsConfig");
    const cost = withConfig.gzipBytes - clientOnly.gzipBytes;
    console.log(`importing loadSecretsConfig adds ${cost} B gzip`);
    expect(withConfig.configFiles).toContain("loadSecretsConfig.ts");
    expect(cost).toBeLessThan(6 * 1024);
  });
});
