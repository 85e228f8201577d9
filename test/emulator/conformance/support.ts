// Shared plumbing of the conformance suites: one target per describe block (created once, emptied before
// each test) and small request helpers that keep the tests about behaviour.
import { beforeAll, beforeEach, expect } from "vitest";
import type { VaultSettings } from "../../../src/emulator/vault/vaultStore";
import type { TargetResponse, VaultTarget } from "../../helpers/emulatorTarget";

/** Creates a vault target with the given settings (the handler target, or H2's HTTPS target). */
export type MakeTarget = (settings?: Partial<VaultSettings>) => Promise<VaultTarget> | VaultTarget;

/** 32 lowercase hex characters. */
export const versionPattern = /^[0-9a-f]{32}$/;

/** A fixed, whole-second instant tests freeze the clock at (2030-01-01T00:00:00Z). */
export const frozenAt = Date.UTC(2030, 0, 1);
export const frozenAtSeconds = frozenAt / 1000;
export const daySeconds = 86_400;

/** The 404 message for a missing secret (or `name/version`). */
export function notFoundMessage(nameOrId: string): string {
  return (
    `A secret with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this secret` +
    " you may be able to recover it using the correct recovery command. For help resolving this issue," +
    " please see https://go.microsoft.com/fwlink/?linkid=2125182"
  );
}

/**
 * Registers hooks giving every test of the enclosing describe an empty vault with `settings`; call the
 * returned function inside a test to get the target.
 */
export function useVault(makeTarget: MakeTarget, settings?: Partial<VaultSettings>): () => VaultTarget {
  let target: VaultTarget | undefined;
  beforeAll(async () => {
    target = await makeTarget(settings);
  });
  beforeEach(() => {
    target!.reset();
  });
  return () => target!;
}

/** PUT /secrets/{name} and expects 200; returns the bundle. */
export async function setSecret(target: VaultTarget, name: string, body: object = { value: "v" }) {
  const response = await target.send({ method: "PUT", path: `/secrets/${name}`, body });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

/** The version segment of a versioned secret id. */
export function versionOf(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

/** DELETE /secrets/{name} and expects 200; returns the deleted bundle. */
export async function deleteSecret(target: VaultTarget, name: string) {
  const response = await target.send({ method: "DELETE", path: `/secrets/${name}` });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

/** Asserts a Key Vault error body with exactly these fields. */
export function expectServiceError(
  response: TargetResponse,
  status: number,
  code: string,
  message: string | RegExp,
  innerCode?: string,
): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(Object.keys(response.json)).toEqual(["error"]);
  expect(response.json.error.code).toBe(code);
  if (typeof message === "string") expect(response.json.error.message).toBe(message);
  else expect(response.json.error.message).toMatch(message);
  if (innerCode === undefined) expect(response.json.error.innererror).toBeUndefined();
  else expect(response.json.error.innererror).toEqual({ code: innerCode });
}

/** Follows nextLinks from `path` and returns every page (bounded to 200 pages). */
export async function allPages(target: VaultTarget, path: string, query: Record<string, string> = {}) {
  const pages: { value: any[]; nextLink: string | null }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let response = await target.send({ method: "GET", path, query });
  for (let count = 0; count < 200; count++) {
    expect(response.status, response.text).toBe(200);
    pages.push(response.json);
    const nextLink: string | null = response.json.nextLink;
    if (nextLink === null) return pages;
    response = await target.send({ method: "GET", path: relativeLink(target, nextLink) });
  }
  throw new Error("more than 200 pages");
}

/** A nextLink as a path (with its query) below the vault URL. */
export function relativeLink(target: VaultTarget, link: string): string {
  expect(link.startsWith(`${target.vaultUrl}/`)).toBe(true);
  return link.slice(target.vaultUrl.length);
}
