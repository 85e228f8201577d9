// The packed tarball, installed into a fresh project, loads the way users load it: require, import,
// TypeScript under node16, bundler and node10 resolution, an esbuild browser bundle, the emulator subpath and bin.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { loadedFiles } from "../helpers/loadedFiles";
import { packAndInstall, repoRoot, run, type PackedConsumer } from "../helpers/packedPackage";

const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
const attw = join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js");
const publint = join(repoRoot, "node_modules/publint/src/cli.js");

/** Names that must be exported by the main entry point in every build flavour. */
const mainExports = [
  "SecretClient",
  "parseKeyVaultSecretIdentifier",
  "KnownDeletionRecoveryLevel",
  "SDK_VERSION",
];

/** The test harness's entry points (docs/testing.md). */
const TESTING_SUBPATHS = ["testing", "testing/vitest", "testing/jest-setup", "testing/jest-teardown"].map(
  (subpath) => `keyvault-secrets-client/${subpath}`,
);

let consumer: PackedConsumer;

beforeAll(() => {
  consumer = packAndInstall();
});

function node(args: string[]): string {
  return run(process.execPath, args, consumer.dir);
}

const installed = () => join(consumer.dir, "node_modules/keyvault-secrets-client");

/** The source map linked from an installed JavaScript file (path relative to the package). */
function installedSourceMap(file: string): { sources: string[]; sourcesContent: string[] } {
  const code = readFileSync(join(installed(), file), "utf8");
  const mapFile = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)![1]!;
  return JSON.parse(readFileSync(join(installed(), dirname(file), mapFile), "utf8"));
}

/** The sources an installed bundle was built from, relative to the package root (`src/…`). */
function bundledSources(file: string): string[] {
  return installedSourceMap(file).sources.map((source) =>
    relative(installed(), join(installed(), dirname(file), source)),
  );
}

describe("the packed package", () => {
  it("loads with require()", () => {
    const out = node(["-e", `console.log(Object.keys(require("keyvault-secrets-client")).join(","))`]);
    for (const name of mainExports) expect(out.trim().split(",")).toContain(name);
  });

  it("loads with import()", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `const m = await import("keyvault-secrets-client"); console.log(Object.keys(m).join(","))`,
    ]);
    for (const name of mainExports) expect(out.trim().split(",")).toContain(name);
  });

  it("rejects a stopped poller with @azure/core-lro's own PollerStoppedError under require() and import()", () => {
    // What code written for @azure/keyvault-secrets checks; a look-alike class would fail `instanceof`.
    const script = (load: string) =>
      [
        load,
        `const emulator = createEmulatorHttpClient({ deleteDelayMs: 60_000 });`,
        `const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });`,
        `await client.setSecret("s", "v");`,
        `const poller = await client.beginDeleteSecret("s", { intervalInMs: 60_000 });`,
        `const pending = poller.pollUntilDone().catch((error) => error);`,
        `await new Promise((resolve) => setImmediate(resolve));`,
        `poller.stopPolling();`,
        `console.log((await pending) instanceof PollerStoppedError);`,
      ].join("\n");
    const cjs = script(
      `const { SecretClient } = require("keyvault-secrets-client"); ` +
        `const { createEmulatorHttpClient } = require("keyvault-secrets-client/emulator"); ` +
        `const { PollerStoppedError } = require("@azure/core-lro");`,
    );
    expect(node(["-e", `(async () => {\n${cjs}\n})()`]).trim()).toBe("true");
    const esm = script(
      `import { SecretClient } from "keyvault-secrets-client"; ` +
        `import { createEmulatorHttpClient } from "keyvault-secrets-client/emulator"; ` +
        `import { PollerStoppedError } from "@azure/core-lro";`,
    );
    expect(node(["--input-type=module", "-e", esm]).trim()).toBe("true");
  });

  it("loads no @azure/core-lro module at startup under require() and import() (only a stopped poller needs it)", () => {
    const required = node([
      "-e",
      `require("keyvault-secrets-client"); ` +
        `console.log(Object.keys(require.cache).filter((path) => path.includes("core-lro")).length)`,
    ]);
    expect(required.trim()).toBe("0");
    // An ESM resolve hook reports every import of core-lro that the entry point makes.
    const reportCoreLro =
      "data:text/javascript,export async function resolve(specifier, context, next) {" +
      ` if (specifier.includes("@azure/core-lro")) console.log("resolved " + specifier);` +
      " return next(specifier, context); }";
    const imported = node([
      "--no-warnings",
      "--experimental-loader",
      reportCoreLro,
      "--input-type=module",
      "-e",
      `await import("keyvault-secrets-client"); console.log("imported");`,
    ]);
    expect(imported.trim()).toBe("imported");
  });

  it("loads the emulator subpath under Node with require() and import()", () => {
    const cjs = node([
      "-e",
      `const e = require("keyvault-secrets-client/emulator"); console.log(typeof e.startEmulator, typeof e.createEmulatorHttpClient)`,
    ]);
    expect(cjs.trim()).toBe("function function");
    const esm = node([
      "--input-type=module",
      "-e",
      `const m = await import("keyvault-secrets-client/emulator"); console.log(typeof m.startEmulator, typeof m.createEmulatorHttpClient)`,
    ]);
    expect(esm.trim()).toBe("function function");
  });

  it("resolves *.localhost to loopback in processes preloaded with the emulator/localhost subpath", () => {
    const script = `require("node:dns").lookup("dev.vault.localhost", { all: true }, (e, a) => console.log(e ? e.code : JSON.stringify(a)))`;
    const loopback = JSON.stringify([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect(node(["--require", "keyvault-secrets-client/emulator/localhost", "-e", script]).trim()).toBe(
      loopback,
    );
    expect(node(["--import", "keyvault-secrets-client/emulator/localhost", "-e", script]).trim()).toBe(
      loopback,
    );
  });

  it.each([
    ["node16", "Node16", "consumer.cts"],
    ["node16", "Node16", "consumer.mts"],
    ["bundler", "ESNext", "consumer.ts"],
    ["node10", "CommonJS", "consumer.ts"],
  ])("resolves its types under moduleResolution %s (%s, %s)", (resolution, module, file) => {
    const dir = join(consumer.dir, `ts-${resolution}-${file.replace(".", "-")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, file),
      [
        `import { SecretClient, type KeyVaultSecret, type SecretClientOptions } from "keyvault-secrets-client";`,
        `import { createEmulatorHttpClient, EmulatorClock } from "keyvault-secrets-client/emulator";`,
        `const emulator = createEmulatorHttpClient();`,
        `const options: SecretClientOptions = { httpClient: emulator, serviceVersion: "7.6" };`,
        `const client = new SecretClient(emulator.vaultUrl, emulator.credential, options);`,
        `const pending: Promise<KeyVaultSecret> = client.getSecret("name");`,
        `const clock: EmulatorClock = new EmulatorClock();`,
        `export const used = [pending, clock.now()];`,
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module,
          moduleResolution: resolution,
          target: "ES2022",
          types: [],
          typeRoots: [join(consumer.dir, "node_modules/@types")],
          skipLibCheck: false,
        },
        files: [file],
      }),
    );
    // Typing the emulator needs Node's types, which a Node consumer has; give the compiler ours.
    run(
      process.execPath,
      [tsc, "-p", dir, "--types", "node", "--typeRoots", join(repoRoot, "node_modules/@types")],
      dir,
    );
  });

  it("bundles for the browser with esbuild, with no Node built-in inside", async () => {
    const entry = join(consumer.dir, "browser-entry.js");
    writeFileSync(
      entry,
      `import { SecretClient } from "keyvault-secrets-client";\nglobalThis.SecretClient = SecretClient;\n`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      absWorkingDir: consumer.dir,
      logLevel: "silent",
    });
    const text = result.outputFiles[0].text;
    expect(result.warnings).toEqual([]);
    // The "browser" export: the dist/browser bundle, whose pipeline is the browser variant, with no
    // Node-only policy (ours: the bundle's own sources; core's: the modules esbuild took from core).
    const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    expect(inputs.filter((path) => path.includes("node_modules/keyvault-secrets-client/"))).toEqual([
      "node_modules/keyvault-secrets-client/dist/browser/index.js",
    ]);
    const browserSources = bundledSources("dist/browser/index.js");
    expect(browserSources).toContain("src/http/pipeline-browser.ts");
    expect(browserSources).not.toContain("src/http/pipeline.ts");
    expect(browserSources.filter((path) => path.startsWith("src/emulator/"))).toEqual([]);
    expect(
      inputs.filter((path) => /\/(proxyPolicy|tlsPolicy|agentPolicy|redirectPolicy)\.js$/.test(path)),
    ).toEqual([]);
    // dist/browser repeats the root's `sideEffects: false`, so what SecretClient never uses is dropped.
    expect(inputs.filter((path) => path.endsWith("keyvault-secrets-client/dist/browser/models.js"))).toEqual(
      [],
    );
    // core-lro is bundled only for its PollerStoppedError (a static import in the browser variant).
    const coreLroModules = inputs
      .filter((path) => path.includes("@azure/core-lro/"))
      .map((path) => path.replace(/.*@azure\/core-lro\/dist\/browser\//, ""));
    expect(coreLroModules.sort()).toEqual(["legacy/poller.js", "logger.js"]);
    expect(text).not.toMatch(/\bfrom\s*["']node:/);
    expect(text).not.toMatch(
      /require\(["'](node:)?(https?|fs|net|tls|crypto|os|path|child_process|util)["']\)/,
    );
  });

  it("refuses to bundle the emulator for the browser", async () => {
    const entry = join(consumer.dir, "browser-emulator.js");
    writeFileSync(entry, `import "keyvault-secrets-client/emulator";\n`);
    await expect(
      build({
        entryPoints: [entry],
        bundle: true,
        platform: "browser",
        write: false,
        absWorkingDir: consumer.dir,
        logLevel: "silent",
      }),
    ).rejects.toThrow(/keyvault-secrets-client\/emulator/);
  });

  it("loads its main entry as one bundled file under require() and import()", () => {
    // Every file a cold start resolves, reads and links costs start-up time (scripts/mainBundles.mjs).
    const ownFiles = (args: string[]) =>
      loadedFiles(consumer.dir, args)
        .filter((file) => file.startsWith(installed() + sep))
        .map((file) => relative(installed(), file));
    expect(ownFiles(["-e", `require("keyvault-secrets-client")`])).toEqual(["dist/cjs/index.js"]);
    expect(ownFiles(["--input-type=module", "-e", `await import("keyvault-secrets-client")`])).toEqual([
      "dist/esm/index.js",
    ]);
  });

  it("ships no JavaScript that none of its entry points loads", () => {
    const runs: [string[], boolean?][] = [
      [["-e", `require("keyvault-secrets-client")`]],
      [["--input-type=module", "-e", `await import("keyvault-secrets-client")`]],
      [["-e", `require("keyvault-secrets-client/emulator")`]],
      [["--input-type=module", "-e", `await import("keyvault-secrets-client/emulator")`]],
      [["--require", "keyvault-secrets-client/emulator/localhost", "-e", ""]],
      [["--import", "keyvault-secrets-client/emulator/localhost", "-e", ""]],
      [["-e", `require("keyvault-secrets-client/gateway"); require("keyvault-secrets-client/gateway/node")`]],
      [["-e", TESTING_SUBPATHS.map((subpath) => `require("${subpath}");`).join(" ")]],
      [
        [
          "--input-type=module",
          "-e",
          `await import("keyvault-secrets-client/gateway"); await import("keyvault-secrets-client/gateway/node")`,
        ],
      ],
      [
        [
          "--input-type=module",
          "-e",
          TESTING_SUBPATHS.map((subpath) => `await import("${subpath}");`).join(" "),
        ],
      ],
      // The bin exits 2 on a bad flag, after loading every module it imports.
      [[join(installed(), "dist/cjs/emulator/cli.js"), "--no-such-flag"], true],
      [[join(installed(), "dist/cjs/cli/main.js"), "--no-such-command"], true],
    ];
    const loaded = new Set(
      runs.flatMap(([args, allowFailure]) => loadedFiles(consumer.dir, args, allowFailure)),
    );
    const shipped = readdirSync(join(installed(), "dist"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".js"))
      .map((file) => `dist/${file}`);
    // dist/browser/ is for bundlers (the "browser" condition); Node never loads it.
    const browserBuilds = ["dist/browser/gateway/index.js", "dist/browser/index.js"];
    const unloaded = shipped.filter(
      (file) => !browserBuilds.includes(file) && !loaded.has(join(installed(), file)),
    );
    expect(unloaded).toEqual([]);
    expect(shipped.filter((file) => file.startsWith("dist/browser/")).sort()).toEqual(browserBuilds);
  });

  it("installs the keyvault-emulator bin", () => {
    const bin = join(consumer.dir, "node_modules/.bin/keyvault-emulator");
    let failure: { status: number; stderr: string } | undefined;
    try {
      run(bin, ["--no-such-flag"], consumer.dir);
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(/usage: keyvault-emulator/);
  });

  it("installs the keyvault-secrets bin under both names, so `npx keyvault-secrets-client` finds it", () => {
    for (const name of ["keyvault-secrets", "keyvault-secrets-client"]) {
      const bin = join(consumer.dir, "node_modules/.bin", name);
      expect(run(bin, ["--help"], consumer.dir)).toMatch(/^usage: keyvault-secrets <command>/);
    }
  });

  it("passes publint and are-the-types-wrong", () => {
    run(process.execPath, [publint, "--strict"], repoRoot);
    // Every entry point under every resolution mode, node10 included (typesVersions maps the emulator
    // subpaths there).
    run(process.execPath, [attw, consumer.tarball], repoRoot);
  });

  it("ships source maps that embed their sources (the tarball has no src/)", () => {
    const maps = readdirSync(join(installed(), "dist"), { recursive: true, encoding: "utf8" }).filter(
      (file) => file.endsWith(".map"),
    );
    expect(maps.length).toBeGreaterThan(0);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(installed(), "dist", file), "utf8"));
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(
        map.sourcesContent.every((text: unknown) => typeof text === "string"),
        file,
      ).toBe(true);
    }
  });

  it("gives a stack trace that maps to the real source line", () => {
    const stack = node([
      "--enable-source-maps",
      "-e",
      `const { SecretClient } = require("keyvault-secrets-client");
       try { new SecretClient("not a url", { getToken: async () => null }); } catch (e) { console.log(e.stack); }`,
    ]);
    const frame = /\(.*\/node_modules\/keyvault-secrets-client\/(src\/[^:]+\.ts):(\d+):\d+\)/.exec(stack);
    expect(frame, stack).not.toBeNull();
    const [, source, line] = frame!;
    // The require entry is one bundle; its source map embeds every source it was built from.
    const map = installedSourceMap("dist/cjs/index.js");
    const sourceIndex = bundledSources("dist/cjs/index.js").indexOf(source!);
    expect(sourceIndex, source).toBeGreaterThanOrEqual(0);
    const mappedLine = map.sourcesContent[sourceIndex].split("\n")[Number(line) - 1];
    expect(mappedLine).toBe(readFileSync(join(repoRoot, source!), "utf8").split("\n")[Number(line) - 1]);
    expect(mappedLine).toMatch(/\bthrow\b/);
  });
});

describe("package.json", () => {
  it("states the same version as the SDK_VERSION constant", async () => {
    const { SDK_VERSION } = await import("../../src/shared/constants");
    const pkg = await import("../../package.json");
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
