// The runtime matrix: which runtimes the smoke scenario runs in, with which module formats. The README's
// "Supported runtimes" table is checked against this list (readmeRuntimeTable.spec.ts).
import type { MatrixBinary } from "../helpers/provision/globalSetup.runtimes";
import { pinnedRuntimes } from "../helpers/provision/runtimes";

/** How `runtime` runs a script file, and the variable that makes it trust the emulator's CA. */
export function scriptCommand(
  runtime: MatrixRuntime,
  script: string,
  binaries: Record<MatrixBinary, string>,
) {
  if (runtime.provisioned === "deno") {
    // The permissions the client needs, no more: network, the variables it reads, and the OS release
    // core's user agent reports.
    const args = ["run", "--allow-net", "--allow-env", "--allow-sys=osRelease", script];
    return { command: binaries.deno, args, caVariable: "DENO_CERT" };
  }
  const command = runtime.provisioned ? binaries[runtime.provisioned] : process.execPath;
  return { command, args: [script], caVariable: "NODE_EXTRA_CA_CERTS" };
}

/** One runtime of the matrix. */
export interface MatrixRuntime {
  /** The runtime's name in the README table. */
  label: string;
  /** The exact version tested. */
  version: string;
  /** The provisioned binary, or undefined for the Node running the tests. */
  provisioned?: MatrixBinary;
  /** Module formats the scenario loads the package with. */
  formats: Array<"ESM" | "CJS">;
  /** Whether `engines` promises it (Node 20 is tested but past its end of life; see the README). */
  supported: boolean;
}

export const matrix: MatrixRuntime[] = [
  // The Node running the tests (this machine's, 20.x): still tested, no longer promised by `engines`.
  { label: "Node 20", version: process.versions.node, formats: ["ESM", "CJS"], supported: false },
  ...(["node22", "node24"] as const).map((name) => ({
    label: pinnedRuntimes[name].label,
    version: pinnedRuntimes[name].version,
    provisioned: name,
    formats: ["ESM", "CJS"] as Array<"ESM" | "CJS">,
    supported: true,
  })),
  ...(["bun", "deno", "workerd"] as const).map((name) => ({
    label: pinnedRuntimes[name].label,
    version: pinnedRuntimes[name].version,
    provisioned: name,
    formats: ["ESM"] as Array<"ESM" | "CJS">,
    supported: true,
  })),
];
