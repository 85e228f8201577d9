// keyvault-secrets-client/emulator/localhost — a preload for Node processes that talk to the emulator by
// vault name (`https://dev.vault.localhost:8443`) where the system resolver does not know `*.localhost`:
//
//   node --import keyvault-secrets-client/emulator/localhost app.mjs     (ES modules)
//   node --require keyvault-secrets-client/emulator/localhost app.js     (CommonJS)
//
// It makes `dns.lookup` (and `dns.promises.lookup`), which node:http(s), node:net, node:tls and fetch
// resolve through, answer names below `localhost` with loopback (RFC 6761); every other name still goes
// to the system resolver. Our own SecretClient needs no preload: it resolves `*.localhost` itself.
import * as dnsNamespace from "node:dns";
import type { LookupOptions } from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { isLocalhostSubdomain, localhostLookup } from "../shared/localhostLookup.js";

// The built-in's mutable module object: an ES module namespace is frozen and holds it as `default`; the
// CommonJS build's namespace is the module object itself.
const dns = ((dnsNamespace as { default?: typeof dnsNamespace }).default ??
  dnsNamespace) as typeof dnsNamespace;
const marker = Symbol.for("keyvault-secrets-client.localhostLookup");
const patched = dns as unknown as Record<symbol, boolean | undefined>;

if (!patched[marker]) {
  patched[marker] = true;
  const promisesLookup = dns.promises.lookup.bind(dns.promises);
  // The callback form with (hostname, callback), (hostname, family, callback) or (hostname, options, callback).
  (dns as { lookup: unknown }).lookup = function lookup(hostname: string, ...rest: unknown[]): void {
    const callback = rest.pop() as Parameters<typeof localhostLookup>[2];
    const given = rest[0];
    const options = typeof given === "number" ? { family: given } : ((given ?? {}) as LookupOptions);
    localhostLookup(hostname, options, callback);
  };
  (dns.promises as { lookup: unknown }).lookup = (hostname: string, options?: LookupOptions | number) => {
    if (!isLocalhostSubdomain(hostname)) return promisesLookup(hostname, options as LookupOptions);
    const family = typeof options === "number" ? options : options?.family;
    return new Promise((resolve, reject) =>
      localhostLookup(
        hostname,
        { ...(typeof options === "object" ? options : {}), family },
        (error, address, f) =>
          error ? reject(error) : resolve(Array.isArray(address) ? address : { address, family: f! }),
      ),
    );
  };
  // Modules that imported `lookup` by name (`import { lookup } from "node:dns"`) see the new one too.
  syncBuiltinESMExports();
}

export {};
