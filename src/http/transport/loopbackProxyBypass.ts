/**
 * Loopback hosts as core's proxy policy matches them (exact host, or a suffix after a leading dot).
 * A proxy cannot reach this machine's loopback: sending `127.0.0.1`/`localhost` traffic (the local emulator)
 * to a proxy taken from the environment only fails, after handing it the request and its bearer token.
 */
const LOOPBACK_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"];

/**
 * The no-proxy list for a proxy that comes from the environment (`HTTPS_PROXY` and friends): `NO_PROXY`
 * (or `no_proxy`) as core reads it, plus the loopback hosts, as browsers and Go's net/http do. A proxy set
 * in `proxyOptions` gets no such list: it applies to every host, loopback included (e.g. a debugging proxy
 * in front of the emulator).
 * @internal
 */
export function environmentNoProxyList(env: Record<string, string | undefined>): string[] {
  const listed = (env.NO_PROXY || env.no_proxy || "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return [...listed, ...LOOPBACK_HOSTS];
}
