// The --help text of each command (docs/cli.md has the long form).

const REFERENCES = `References (in variables, --env-file files and templates):
  https://<vault>.vault.azure.net/secrets/<name>[/<version>]      any Key Vault host, the emulator's too
  @Microsoft.KeyVault(SecretUri=<secret URL>)                     App Service / Functions
  @Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>[;SecretVersion=<version>])
  akvs://<subscription-id>/<vault>/<name>                         azd
A vault name becomes https://<vault>.vault.azure.net; --vault-url-template (or
KEYVAULT_SECRETS_VAULT_URL_TEMPLATE) changes the rule, e.g. https://{vault}.vault.usgovcloudapi.net
or https://{vault}.vault.localhost:8443 for the emulator.
Sign-in: DefaultAzureCredential (az login, environment, managed identity, the emulator's IDENTITY_ENDPOINT).`;

/** Help texts by command; `""` is the program's own. */
export const HELP: Record<string, string> = {
  "": `usage: keyvault-secrets <command> [options]

Commands:
  run [--env-file F]... -- <command> [args]   run a command with references resolved in its environment
  inject [-i template] [-o file] [--force]    render {{ <reference> }} placeholders
  check [--env-file F]...                     resolve every reference and print a table (for CI)
  read <reference>                            print one secret's value

keyvault-secrets <command> --help shows a command's options.

${REFERENCES}
`,
  run: `usage: keyvault-secrets run [options] -- <command> [args]

Resolves every reference in the environment and the --env-file files, then runs <command> with the values
in its environment. Every value is masked in its output unless --no-masking is given. Signals are passed on;
the exit code is the command's (128 + the signal's number when a signal ended it).

  --env-file FILE          read variables from FILE (repeatable; a later file wins)
  --no-masking             do not mask values in the command's stdout and stderr
  --watch                  re-resolve periodically and restart the command when a value changed
                           (SIGTERM, then SIGKILL after --grace)
  --interval SECONDS       how often --watch re-resolves                              default 60
  --events-listen [HOST:]PORT
                           with --watch, also re-resolve when an Event Grid event about a referenced
                           secret arrives at http://HOST:PORT (the validation handshake is answered)
  --grace SECONDS          how long a restart waits after SIGTERM before SIGKILL      default 10
  --debounce SECONDS       changes within this window make one restart                default 1
  --vault-url-template T   the vault-name rule, e.g. https://{vault}.vault.usgovcloudapi.net

${REFERENCES}
`,
  inject: `usage: keyvault-secrets inject [-i TEMPLATE] [-o FILE] [--force]

Renders a template, replacing each {{ <reference> }} with the secret's value.

  -i, --in-file FILE       the template                                               default stdin
  -o, --out-file FILE      write to FILE (created with mode 0600)                     default stdout
  --force                  overwrite FILE if it exists
  --vault-url-template T   the vault-name rule

${REFERENCES}
`,
  check: `usage: keyvault-secrets check [--env-file FILE]...

Resolves every reference in the environment and the --env-file files and prints a table of variable,
reference, vault and outcome (found, disabled, expired, not found, forbidden, ...), never a value.
Exits 1 when any reference fails.

  --env-file FILE          read variables from FILE (repeatable)
  --vault-url-template T   the vault-name rule

${REFERENCES}
`,
  read: `usage: keyvault-secrets read [--no-newline] <reference>

Prints one secret's value (followed by a newline unless --no-newline), for scripts. Warns on stderr when
stdout is a terminal.

  -n, --no-newline         no newline after the value
  --vault-url-template T   the vault-name rule

${REFERENCES}
`,
};
