// The one place that wraps @azure/core-rest-pipeline's own policies. Each wrapper keeps core's policy (its
// name, options and behaviour) and only skips the work core's policy would do on every request for nothing:
// an async step, a header copy, a promise. The wrappers take core's policy as an argument, so this file
// imports nothing from core at run time and adds no core policy to a bundle that does not use it.
import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";

// The headers core's user agent policy may set: Node's and other runtimes' (User-Agent), browsers' (which
// forbid setting User-Agent).
const USER_AGENT_HEADERS = ["User-Agent", "x-ms-useragent"];

/**
 * core's user agent policy for the first request, which teaches us the header it sets; after that the same
 * header and value are set directly. core's policy awaits its (once computed) value on every request.
 * A request that already carries the header keeps it, as with core's policy.
 */
export function learnedUserAgent(userAgents: PipelinePolicy): PipelinePolicy {
  let learned: { name: string; value: string } | undefined;
  return {
    name: userAgents.name,
    sendRequest(request, next) {
      if (learned) {
        if (!request.headers.has(learned.name)) request.headers.set(learned.name, learned.value);
        return next(request);
      }
      const absent = USER_AGENT_HEADERS.filter((name) => !request.headers.has(name));
      return userAgents.sendRequest(request, (sent) => {
        const name = absent.find((candidate) => sent.headers.has(candidate));
        if (name) learned = { name, value: sent.headers.get(name)! };
        return next(sent);
      });
    },
  };
}

/**
 * core's log policy, entered only while its logger is enabled: core's policy checks that too, but as an
 * async function, so a disabled log still cost every request a promise and a turn.
 */
export function whenLogging(logs: PipelinePolicy, log: { enabled?: boolean }): PipelinePolicy {
  return {
    name: logs.name,
    sendRequest: (request, next) => (log.enabled ? logs.sendRequest(request, next) : next(request)),
  };
}

// The statuses core's redirect policy may follow (it decides, by method and Location, whether to).
const REDIRECT_STATUSES = /* @__PURE__ */ new Set([300, 301, 302, 303, 307, 308]);

/**
 * core's redirect policy (`redirects`, under its name), entered only when a response has a redirect status: core's
 * policy reads the Location header of every response, which would make the transport copy all headers of
 * every answer (see incomingHeaders.ts).
 */
export function redirectWhenRedirected(redirects: PipelinePolicy): PipelinePolicy {
  return {
    name: redirects.name,
    sendRequest(request, next) {
      return next(request).then((response) => {
        if (!REDIRECT_STATUSES.has(response.status)) return response;
        // core's policy starts by sending the request: hand it the response we already have instead.
        let received: PipelineResponse | undefined = response;
        return redirects.sendRequest(request, (sent) => {
          const first = received;
          received = undefined;
          return first ? Promise.resolve(first) : next(sent);
        });
      });
    },
  };
}
