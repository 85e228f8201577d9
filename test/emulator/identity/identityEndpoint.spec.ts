// The identity endpoint's choice of identity, as App Service makes it: `client_id` (or the 2017 spelling
// `clientid`), `object_id` (or `principal_id`), nothing for the default identity, and its 400 for an
// identity it does not have.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorClock } from "../../../src/emulator/index.js";
import { IdentityDirectory, EMULATOR_CLIENT_ID } from "../../../src/emulator/identity/identities.js";
import { identityRequestListener } from "../../../src/emulator/identity/identityEndpoint.js";
import { TokenAuthority } from "../../../src/emulator/identity/tokens.js";

const HEADER = "identity-header-for-tests";
const identities = new IdentityDirectory(["reader"]);
const reader = identities.record()["reader"]!;
let server: Server;
let base: string;

beforeAll(async () => {
  const tokens = new TokenAuthority(
    TokenAuthority.generateKey(),
    "72f988bf-0000-4000-8000-00000000e1a0",
    new EmulatorClock(),
  );
  server = createServer(identityRequestListener(tokens, HEADER, identities));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fvault.localhost`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function ask(query: string) {
  const response = await fetch(`${base}${query}`, { headers: { "x-identity-header": HEADER } });
  const body = (await response.json()) as Record<string, string>;
  const claims = body["access_token"]
    ? JSON.parse(Buffer.from(body["access_token"].split(".")[1]!, "base64url").toString())
    : undefined;
  return { status: response.status, body, claims };
}

describe("the identity endpoint picks the identity", () => {
  it.each([
    ["client_id", `&client_id=${reader.clientId}`],
    ["clientid (the 2017 spelling)", `&clientid=${reader.clientId.toUpperCase()}`],
    ["object_id", `&object_id=${reader.objectId}`],
    ["principal_id", `&principal_id=${reader.objectId}`],
  ])("by %s", async (_how, query) => {
    const { status, body, claims } = await ask(query);
    expect(status).toBe(200);
    expect(body["client_id"]).toBe(reader.clientId);
    expect(claims).toMatchObject({ appid: reader.clientId, oid: reader.objectId });
  });

  it("is the default identity when no id is asked", async () => {
    const { body, claims } = await ask("");
    expect(body["client_id"]).toBe(EMULATOR_CLIENT_ID);
    expect(claims.appid).toBe(EMULATOR_CLIENT_ID);
  });

  it.each([
    ["an unknown client id", "&client_id=00000000-1111-4222-8333-444444444444"],
    ["an unknown object id", "&object_id=00000000-1111-4222-8333-444444444444"],
    ["a resource id (emulator identities have none)", "&mi_res_id=%2Fsubscriptions%2Fx"],
  ])("answers App Service's 400 for %s", async (_what, query) => {
    const { status, body } = await ask(query);
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      message: "Unable to load the proper Managed Identity.",
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
