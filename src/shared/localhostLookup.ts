// Node only. RFC 6761 reserves `localhost` and every name below it for loopback, but many system resolvers
// (glibc without nss-myhostname, this Debian image among them) answer ENOTFOUND for `dev.vault.localhost`.
// This lookup answers such names itself and passes every other name to the system resolver. Shared by the
// client's transport (http/transport/localhostResolution.ts) and the emulator's `emulator/localhost`
// preload, which may not import client code.
import * as dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";

/** Whether `hostname` is a name below `localhost` (`dev.vault.localhost`, with or without a final dot). */
export function isLocalhostSubdomain(hostname: string): boolean {
  return /^[^.]+(?:\.[^.]+)*\.localhost\.?$/i.test(hostname);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

// Taken when this module loads, before the emulator/localhost preload replaces dns.lookup with ours.
const systemLookup = dns.lookup;

type SystemCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family: number,
) => void;

/**
 * A `dns.lookup` that answers names below `localhost` with the loopback addresses (IPv4 first; both with
 * `all`, so Node's address-family selection reaches an IPv6-only listener too) and passes every other
 * name to the system resolver.
 */
export function localhostLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (!isLocalhostSubdomain(hostname)) {
    systemLookup(hostname, { ...options, all: options.all === true }, callback as SystemCallback);
    return;
  }
  const family = options.family ?? 0;
  const addresses: LookupAddress[] = [];
  if (family === 0 || family === 4 || family === "IPv4") addresses.push({ address: "127.0.0.1", family: 4 });
  if (family === 0 || family === 6 || family === "IPv6") addresses.push({ address: "::1", family: 6 });
  const all = options.all === true;
  process.nextTick(() =>
    all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family),
  );
}
