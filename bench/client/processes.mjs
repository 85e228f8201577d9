// Child processes of the benchmark: the servers (emulator, canned server) and the per-contender workers.
// Every child is tracked and stopped by stopAll(), also when the run fails.
import { fork, spawn } from "node:child_process";
import { clearTimeout, setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";

const children = new Set();
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Spawns `node <args>` and resolves with the `NAME=value` lines it prints before `readyName` appears
 * (rejects after `timeoutMs`). Its stdin is a pipe, so a server that watches stdin stops with us.
 */
export function startServer(args, readyName, { timeoutMs = 20_000, cwd } = {}) {
  const child = spawn(process.execPath, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    const variables = {};
    let buffered = "";
    let stderr = "";
    const timer = setTimeout(
      () => fail(new Error(`${args.join(" ")} printed no ${readyName} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(error) {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n${stderr.slice(-2000)}`));
    }
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => fail(new Error(`${args.join(" ")} exited with code ${code}`)));
    child.stdout.on("data", function onData(chunk) {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        const match = /^([A-Z_]+)=(.*)$/.exec(line);
        if (match) variables[match[1]] = match[2];
      }
      if (variables[readyName] !== undefined) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolve({ child, variables });
      }
    });
  });
}

/** Forks bench/client/worker.mjs for one contender; returns `call(message)` → Promise of the worker's result. */
export function startWorker(contender, { timeoutMs = 60_000 } = {}) {
  const child = fork(here("./worker.mjs"), [contender], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  let nextId = 1;
  const pending = new Map();
  let readyResolve;
  const ready = new Promise((resolve) => (readyResolve = resolve));
  child.on("message", (message) => {
    if (message.ready) return readyResolve();
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.error) entry.reject(new Error(`${contender}: ${message.error}`));
    else entry.resolve(message.result);
  });
  child.on("exit", (code) => {
    children.delete(child);
    for (const entry of pending.values()) entry.reject(new Error(`${contender} worker exited (${code})`));
    pending.clear();
  });
  function call(message) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${contender}: ${message.type} took more than ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ ...message, id });
    });
  }
  return ready.then(() => ({ call, child }));
}

/** Stops every child still running (SIGTERM). */
export function stopAll() {
  for (const child of children) {
    if (child.connected) child.disconnect();
    child.kill("SIGTERM");
  }
  children.clear();
}
