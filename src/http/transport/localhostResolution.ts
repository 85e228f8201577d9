// Node only (browsers resolve *.localhost themselves, and the browser pipeline never imports this file).
// RFC 6761 reserves `localhost` and every name below it for loopback, but many system resolvers (glibc
// without nss-myhostname, this Debian image among them) answer ENOTFOUND for `dev.vault.localhost`. The
// client resolves such names to loopback itself, through an agent with its own `lookup`; every other name
// goes to the system resolver untouched.
import * as http from "node:http";
import * as https from "node:https";
import type { PipelinePolicy, PipelineRequest, TlsSettings } from "@azure/core-rest-pipeline";
import { hideFromJson } from "./jsonRedaction.js";
import { localhostLookup } from "../../shared/localhostLookup.js";

/** Name of the policy that resolves `*.localhost` vault hosts to loopback. */
export const localhostResolutionPolicyName = "localhostResolutionPolicy";

// `http(s)://<anything>.localhost[:port]` followed by the path, query or end: a string test on the
// request URL, so requests to other hosts pay for one regular expression and nothing else.
const LOCALHOST_SUBDOMAIN_URL = /^https?:\/\/[^/?#@]+\.localhost\.?(?::\d+)?(?:[/?#]|$)/i;

/**
 * Gives requests to `*.localhost` hosts an agent that resolves them to loopback (keeping the host name
 * for TLS server-name checks). A request that already has an agent (the caller's, or a proxy's) keeps
 * it. Runs after core's TLS policy: the agent carries the request's TLS settings, made once per settings
 * object so keep-alive works, and serialises as "[REDACTED]" like them.
 * @internal
 */
export function localhostResolutionPolicy(): PipelinePolicy {
  // Keyed by keep-alive (`keepAliveOptions.enable: false` sets disableKeepAlive), then by TLS settings object.
  const httpsAgents = [new WeakMap<TlsSettings, https.Agent>(), new WeakMap<TlsSettings, https.Agent>()];
  const plainAgents: Array<http.Agent | https.Agent | undefined> = [];
  const noSettings: TlsSettings = {};
  const agentFor = (request: PipelineRequest): http.Agent => {
    const keepAlive = !request.disableKeepAlive;
    const slot = keepAlive ? 1 : 0;
    if (request.url.startsWith("http:")) {
      return (plainAgents[slot] ??= hideFromJson(new http.Agent({ keepAlive, lookup: localhostLookup })));
    }
    const settings = request.tlsSettings ?? noSettings;
    let agent = httpsAgents[slot]!.get(settings);
    if (!agent) {
      agent = hideFromJson(new https.Agent({ keepAlive, ...settings, lookup: localhostLookup }));
      httpsAgents[slot]!.set(settings, agent);
    }
    return agent;
  };
  return {
    name: localhostResolutionPolicyName,
    sendRequest(request, next) {
      if (!request.agent && LOCALHOST_SUBDOMAIN_URL.test(request.url)) request.agent = agentFor(request);
      return next(request);
    },
  };
}
