// The gateway sample's page (samples/browser-gateway) builds with Vite without warnings, and what ships to
// the browser is the client only: no Node built-in, no gateway code, no token handling.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findNodeOnlyReferences } from "../helpers/nodeBuiltins";
import { buildInMemoryWithVite } from "../helpers/sampleBuilds";

const config = fileURLToPath(new URL("../../samples/browser-gateway/vite.config.mts", import.meta.url));

describe("the gateway sample's page built with Vite", () => {
  it("has no warnings, no Node built-in and none of the gateway's code", async () => {
    const build = await buildInMemoryWithVite(undefined, config);
    expect(build.warnings).toEqual([]);
    const scripts = Object.entries(build.files).filter(([path]) => path.endsWith(".js"));
    expect(scripts).toHaveLength(1);
    const code = String(scripts[0]![1].body);
    expect(findNodeOnlyReferences(code).filter((reference) => !reference.startsWith("process."))).toEqual([]);
    expect(code).toContain("/kv");
    expect(code).not.toContain("is not allowed by this gateway");
  });
});
