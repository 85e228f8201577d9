// loadSecretsConfig: an app's whole configuration from Key Vault at start-up, shaped, validated and kept
// fresh. One listing pass and bounded-parallel gets; disabled and expired secrets skipped; `--` opens a
// section; every problem in one error; refresh re-lists and gets only what changed.
import { SecretsConfigError, loadSecretsConfig } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client } = connection;
  // A prefix of this run's own, so the sample reads only the secrets it made (in any vault).
  const prefix = `${uniqueName("cfg")}-`;
  const names = [
    `${prefix}Database--Host`,
    `${prefix}Database--Password`,
    `${prefix}Features`,
    `${prefix}Old`,
    `${prefix}Region`,
  ];
  await client.setSecret(names[0]!, "db.internal");
  await client.setSecret(names[1]!, "first-password");
  await client.setSecret(names[2]!, JSON.stringify({ beta: true }), { contentType: "application/json" });
  await client.setSecret(names[3]!, "retired", { enabled: false });

  const config = await loadSecretsConfig(client, {
    prefix,
    parseJson: true,
    required: ["Database.Host", "Database.Password"],
  });
  try {
    console.log(
      `loaded ${config.names.length} secrets (the disabled one skipped): ${Object.keys(config.values).join(", ")}`,
    );
    console.log(`Database.Host = ${String(config.get("Database.Host"))}`);
    console.log(`Features.beta = ${String((config.get("Features") as { beta: boolean }).beta)}`);
    console.log(`environment variables: ${Object.keys(config.toEnv()).join(", ")}`);
    console.log("console.log(config) shows names, never values:");
    console.log(config);

    config.on("change", ({ changed, removed }) =>
      console.log(`change: changed ${changed.length}, removed ${removed.length}`),
    );
    // A refresh re-lists and gets only what is new or has a new updatedOn (here, one new secret).
    await client.setSecret(names[4]!, "west-europe");
    const { changed } = await config.refresh();
    console.log(`refresh → ${changed.length} changed, Region = ${String(config.get("Region"))}`);

    const missing = await loadSecretsConfig(client, { prefix, required: ["Database.Port", "Api.Key"] }).catch(
      (error: unknown) => error,
    );
    if (missing instanceof SecretsConfigError) {
      console.log(`one error for every problem: ${missing.problems.map(({ name }) => name).join(", ")}`);
    }
  } finally {
    config.dispose();
    await cleanUp(connection, names);
  }
});
