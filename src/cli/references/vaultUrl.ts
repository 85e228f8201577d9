// The one rule that turns a vault name into a vault URL, for the references that name a vault instead of
// giving its URL (`@Microsoft.KeyVault(VaultName=…)` and azd's `akvs://`): a template with `{vault}` in it,
// `https://{vault}.vault.azure.net` unless `--vault-url-template` or KEYVAULT_SECRETS_VAULT_URL_TEMPLATE
// names another cloud (`https://{vault}.vault.usgovcloudapi.net`) or the emulator
// (`https://{vault}.vault.localhost:8443`). docs/cli.md documents it.

/** The template used when neither the option nor the variable sets one. */
export const DEFAULT_VAULT_URL_TEMPLATE = "https://{vault}.vault.azure.net";

/** The environment variable that sets the template. */
export const VAULT_URL_TEMPLATE_VARIABLE = "KEYVAULT_SECRETS_VAULT_URL_TEMPLATE";

// Key Vault's own rule for vault names: 3-24 characters, letters, digits and hyphens, starting with a letter,
// ending with a letter or digit, no two hyphens in a row.
const VAULT_NAME = /^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/i;

/** Why `name` is not a Key Vault name, or `undefined` when it is one. */
export function vaultNameProblem(name: string): string | undefined {
  if (VAULT_NAME.test(name)) return undefined;
  return `"${name}" is not a vault name (3-24 letters, digits and hyphens, starting with a letter)`;
}

/**
 * Checks a template: an absolute https (or http) URL with `{vault}` in its host and nothing after the port.
 * @returns the template, for chaining.
 * @throws Error naming where the template came from and what is wrong.
 */
export function checkVaultUrlTemplate(template: string, source: string): string {
  const sample = template.replace("{vault}", "vault");
  let url: URL | undefined;
  try {
    url = new URL(sample);
  } catch {
    url = undefined;
  }
  if (!template.includes("{vault}") || url === undefined || !/^https?:$/.test(url.protocol)) {
    throw new Error(`${source} must be a URL with {vault} in its host, e.g. https://{vault}.vault.azure.net`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new Error(`${source} must end after the host (and port): ${DEFAULT_VAULT_URL_TEMPLATE}`);
  }
  return template;
}

/** The URL of vault `name` by `template` (no trailing slash). */
export function vaultUrlFromTemplate(name: string, template: string): string {
  return template.replace("{vault}", name.toLowerCase()).replace(/\/+$/, "");
}
