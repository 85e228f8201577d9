import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { toDeletedSecret, toKeyVaultSecret } from "../../src/wire/responses.js";
import { challenge, RecordingCredential, ScriptedHttpClient } from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";
const bundle = { value: "hunter2-value", id: `${VAULT}/secrets/a/1`, attributes: { enabled: true } };

describe("secret value redaction", () => {
  it("shows the value as [REDACTED] in util.inspect and console.log formatting", () => {
    const secret = toKeyVaultSecret(bundle);
    expect(inspect(secret)).toContain("[REDACTED]");
    expect(inspect(secret)).not.toContain("hunter2-value");
    expect(inspect({ nested: [secret] }, { depth: 5 })).not.toContain("hunter2-value");
    expect(inspect(secret)).toContain("a"); // the rest is still shown
  });

  it("keeps value readable, enumerable and serialized", () => {
    const secret = toKeyVaultSecret(bundle);
    expect(secret.value).toBe("hunter2-value");
    expect(Object.keys(secret)).toContain("value");
    expect(JSON.parse(JSON.stringify(secret)).value).toBe("hunter2-value");
    expect({ ...secret }.value).toBe("hunter2-value");
  });

  it("adds no enumerable property and does not mark a secret without value", () => {
    const secret = toKeyVaultSecret({ id: bundle.id });
    expect(Object.keys(secret).sort()).toEqual(["name", "properties", "value"]);
    expect(inspect(secret)).not.toContain("[REDACTED]");
  });

  it("redacts a value on deleted secrets too", () => {
    expect(inspect(toDeletedSecret({ ...bundle, recoveryId: `${VAULT}/deletedsecrets/a` }))).not.toContain(
      "hunter2-value",
    );
  });

  it("redacts secrets returned by SecretClient", async () => {
    const transport = new ScriptedHttpClient([challenge(), { status: 200, body: bundle }]);
    const client = new SecretClient(VAULT, new RecordingCredential(), { httpClient: transport });
    const secret = await client.getSecret("a");
    expect(secret.value).toBe("hunter2-value");
    expect(inspect(secret)).not.toContain("hunter2-value");
  });
});
