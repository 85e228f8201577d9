// Runs a bundled Worker in workerd's test mode (`workerd test`, which calls the Worker's `test` handler):
// no listening socket, the exit code says whether the handler resolved. The Worker reaches loopback through
// an "internet" network service that allows local addresses and trusts exactly the emulator's CA.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "./runtimeTarget";

/** One Worker run. */
export interface WorkerRun {
  workerd: string;
  /** The bundled Worker (one ES module). */
  bundle: string;
  /** PEM file of the CA the Worker's outbound TLS trusts. */
  caCertificatePath: string;
  /** Text bindings, read from `env` in the Worker. */
  bindings: Record<string, string>;
  compatibilityDate: string;
  /** @default [] */
  compatibilityFlags?: string[];
}

/** The workerd config (Cap'n Proto text) for `run`, with the bundle and CA embedded from its own folder. */
export function workerdConfig(run: WorkerRun): string {
  const bindings = Object.entries(run.bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(", ");
  const flags = (run.compatibilityFlags ?? []).map((flag) => JSON.stringify(flag)).join(", ");
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "internet", network = (
      allow = ["public", "private", "local"],
      tlsOptions = (trustedCertificates = [embed "ca.pem"]),
    )),
  ],
);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = ${JSON.stringify(run.compatibilityDate)},
  compatibilityFlags = [${flags}],
  bindings = [${bindings}],
);
`;
}

/** Runs the Worker's test handler once in workerd. */
export function runWorkerTest(run: WorkerRun): Promise<CommandResult> {
  const dir = mkdtempSync(join(tmpdir(), "kvsc-workerd-"));
  copyFileSync(run.bundle, join(dir, "worker.mjs"));
  copyFileSync(run.caCertificatePath, join(dir, "ca.pem"));
  writeFileSync(join(dir, "config.capnp"), workerdConfig(run));
  return runCommand(run.workerd, ["test", join(dir, "config.capnp")], dir, {});
}
