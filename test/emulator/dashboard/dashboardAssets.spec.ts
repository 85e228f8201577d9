// The dashboard ships prebuilt: the module the emulator serves from must be what the generator makes of
// assets/dashboard/ today, and the files must keep to the page's CSP (no inline script or style).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DASHBOARD_ASSETS } from "../../../src/emulator/dashboard/assets.generated.js";
import { assetSizes } from "../../../src/emulator/dashboard/staticAssets.js";
// @ts-expect-error: a plain .mjs build script without declarations
import { GENERATED, generatedAssetsModule } from "../../../scripts/dashboardAssets.mjs";

describe("dashboard assets", () => {
  it("are current: the committed module is what scripts/dashboardAssets.mjs generates", async () => {
    expect(readFileSync(GENERATED as string, "utf8")).toBe(
      await (generatedAssetsModule as () => Promise<string>)(),
    );
  });

  it("hold no inline script or style and load nothing from another origin", () => {
    const page = DASHBOARD_ASSETS["index.html"]!;
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/\sstyle=|<style|\son\w+=/);
    expect(Object.values(DASHBOARD_ASSETS).join("\n")).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[\w.-]+\//);
  });

  it("stay small: under 20 KB gzipped in all", () => {
    const total = assetSizes().reduce((sum, asset) => sum + asset.gzipped, 0);
    expect(total).toBeLessThan(20_000);
  });
});
