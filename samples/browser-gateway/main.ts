// The page: a SecretClient whose vault URL is the gateway on this origin. Its credential is never asked for
// a token (the gateway never challenges); the session cookie the server set is what authorizes it.
import { SecretClient } from "keyvault-secrets-client";

const client = new SecretClient(
  `${location.origin}/kv`,
  { getToken: async () => null },
  { allowInsecureConnection: location.protocol === "http:" },
);
const status = document.querySelector<HTMLElement>("#status")!;
const list = document.querySelector<HTMLUListElement>("#secret-list")!;

function show(message: string, isError = false): void {
  status.textContent = message;
  status.className = isError ? "error" : "";
}

async function refresh(): Promise<void> {
  list.replaceChildren();
  for await (const properties of client.listPropertiesOfSecrets()) {
    const item = document.createElement("li");
    item.textContent = `${properties.name} (updated ${properties.updatedOn?.toISOString() ?? "?"})`;
    list.append(item);
  }
}

document.querySelector<HTMLFormElement>("#set-form")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const name = document.querySelector<HTMLInputElement>("#set-name")!.value;
  const value = document.querySelector<HTMLInputElement>("#set-value")!.value;
  client
    .setSecret(name, value)
    .then(() => (show(`Set ${name}.`), refresh()))
    .catch((error: { statusCode?: number; message: string }) =>
      show(`${error.statusCode}: ${error.message}`, true),
    );
});

client
  .getSecret("app-greeting")
  .then((secret) => (show(`app-greeting: ${secret.value}`), refresh()))
  .catch((error: { statusCode?: number; message: string }) =>
    show(`${error.statusCode}: ${error.message}`, true),
  );
