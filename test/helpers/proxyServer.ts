// A forward proxy on 127.0.0.1 for the proxy tests: CONNECT tunnels (what an https request through a proxy
// uses) and absolute-form http requests, each recorded with its Proxy-Authorization header.
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** One request the proxy handled. */
export interface ProxiedRequest {
  /** `CONNECT` or the http method of an absolute-form request. */
  method: string;
  /** `host:port` of a tunnel, or the absolute URL of a forwarded request. */
  target: string;
  proxyAuthorization?: string;
}

/** A running proxy: its URL (`http://127.0.0.1:<port>`), what it handled, and how to stop it. */
export interface TestProxy {
  url: string;
  port: number;
  handled: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the proxy. `hosts` maps host names to the addresses the proxy connects to instead (its own name
 * resolution), so a client can address a local server by a name that is not loopback.
 */
export async function startTestProxy(hosts: Record<string, string> = {}): Promise<TestProxy> {
  const handled: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    handled.push({
      method: request.method ?? "",
      target: request.url ?? "",
      proxyAuthorization: request.headers["proxy-authorization"],
    });
    const { ["proxy-authorization"]: _, ...headers } = request.headers;
    const target = new URL(request.url!);
    target.hostname = hosts[target.hostname] ?? target.hostname;
    const upstream = httpRequest(target, { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on("connect", (request, client: Socket, head: Buffer) => {
    handled.push({
      method: "CONNECT",
      target: request.url ?? "",
      proxyAuthorization: request.headers["proxy-authorization"],
    });
    const [host, port] = (request.url ?? "").split(":");
    const upstream = connect(Number(port), hosts[host] ?? host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => (socket === client ? upstream : client).destroy());
    }
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handled,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
