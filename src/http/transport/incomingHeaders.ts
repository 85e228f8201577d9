// Node only (used by the lean transport in defaultHttpClient.ts).
import type { IncomingHttpHeaders } from "node:http";
import { createHttpHeaders, type HttpHeaders, type RawHttpHeaders } from "@azure/core-rest-pipeline";

/**
 * The headers of a Node response as core's `HttpHeaders`, copied into core's implementation only when first
 * used. On the common path (a 200 that no policy needs to inspect) nobody reads them, and copying every
 * header on every response was measurable per call. Same contents as core's Node client gives: the first
 * value of a repeated header, names in lower case.
 * @internal
 */
export class IncomingHeaders implements HttpHeaders {
  private copy?: HttpHeaders;

  constructor(private readonly incoming: IncomingHttpHeaders) {}

  private get headers(): HttpHeaders {
    if (!this.copy) {
      this.copy = createHttpHeaders();
      for (const [name, value] of Object.entries(this.incoming)) {
        const first = Array.isArray(value) ? value[0] : value;
        if (first !== undefined) this.copy.set(name, first);
      }
    }
    return this.copy;
  }

  get(name: string): string | undefined {
    return this.headers.get(name);
  }

  has(name: string): boolean {
    return this.headers.has(name);
  }

  set(name: string, value: string | number | boolean): void {
    this.headers.set(name, value);
  }

  delete(name: string): void {
    this.headers.delete(name);
  }

  toJSON(options?: { preserveCase?: boolean }): RawHttpHeaders {
    return this.headers.toJSON(options);
  }

  toString(): string {
    return String(this.headers);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.headers[Symbol.iterator]();
  }
}
