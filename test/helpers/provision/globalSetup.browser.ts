// vitest globalSetup of the browser project: finds or installs Chromium once, before any test file runs,
// and hands its path to the test workers.
import type { TestProject } from "vitest/node";
import { provisionChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the Chromium executable the browser tests launch. */
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide("chromiumPath", await provisionChromium());
}
