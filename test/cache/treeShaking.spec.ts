// SecretCache costs nothing to apps that do not import it: a browser bundle of `import { SecretClient }`
// holds no cache code (the client reaches caches through shared/writeNotifier.ts). It also states what importing
// SecretCache costs, and keeps that cost within a budget.
import { describe, expect, it } from "vitest";
import { browserBundleOf } from "../helpers/browserBundle";

async function bundle(imports: string) {
  const built = await browserBundleOf(imports, "cache");
  return { ...built, cacheFiles: built.files };
}

describe("SecretCache and tree shaking", () => {
  it("leaves no cache code in a bundle that imports only SecretClient", async () => {
    const clientOnly = await bundle("SecretClient");
    // The client reaches caches through shared/writeNotifier.ts, which holds no cache code.
    expect(clientOnly.cacheFiles).toEqual([]);
    for (const marker of ["SubscriptionValidationEvent", "refreshAheadRatio", "SecretCache", "staleLimit"]) {
      expect(clientOnly.text).not.toContain(marker);
    }
  });

  it("costs a bounded number of bytes when imported", async () => {
    const clientOnly = await bundle("SecretClient");
    const withCache = await bundle("SecretClient, SecretCache");
    const cost = {
      minified: withCache.bytes - clientOnly.bytes,
      gzip: withCache.gzipBytes - clientOnly.gzipBytes,
    };
    console.log(`importing SecretCache adds ${cost.minified} B minified, ${cost.gzip} B gzip`);
    expect(withCache.cacheFiles).toContain("secretCache.ts");
    expect(cost.gzip).toBeLessThan(6 * 1024);
  });
});
