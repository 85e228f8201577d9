// The browser sample: lists the vault's secrets page by page, shows one, sets one. Every call goes from
// the page straight to the vault with fetch, so the vault must allow this page's origin (CORS): start the
// emulator with `keyvault-emulator --http --cors <page origin>`.
import {
  SecretClient,
  isRestError,
  type KeyVaultSecret,
  type SecretProperties,
} from "keyvault-secrets-client";
import { FetchedTokenCredential } from "./fetchedTokenCredential.js";
import { loadSampleConfig } from "./sampleConfig.js";

/** Secrets per page of the list (the service accepts 1–25). */
const PAGE_SIZE = 5;

/** What the page exposes on `window.keyVaultSample`, for the devtools console and the browser tests. */
export interface KeyVaultSample {
  /** The page's client, configured for the vault in the page's configuration. */
  client: SecretClient;
  /** core-rest-pipeline's `isRestError`, as bundled into the page. */
  isRestError: typeof isRestError;
  /** Lists one page of secrets (the first, or the one a continuation token names) into the table. */
  showPage(continuationToken?: string): Promise<SecretProperties[]>;
  /** Gets the latest version of a secret into the details panel. */
  showSecret(name: string): Promise<KeyVaultSecret>;
  /** Sets a secret, shows it and lists the first page again. */
  setSecret(name: string, value: string, contentType?: string): Promise<KeyVaultSecret>;
}

declare global {
  interface Window {
    keyVaultSample?: KeyVaultSample;
  }
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}.`);
  return found as T;
}

const statusLine = element("status");
const detailsList = element("secret-details");
const secretRows = element("secret-list");
const nextPageButton = element<HTMLButtonElement>("next-page");

function report(message: string, failed = false): void {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", failed);
}

/** A one-line description of a failure; RestErrors show the service's code and status. */
function describeError(error: unknown): string {
  if (isRestError(error)) {
    return `${error.code ?? "Error"} (HTTP ${error.statusCode ?? "?"}): ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function formatDate(date: Date | undefined): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 19) : "—";
}

function renderDetails(secret: KeyVaultSecret): void {
  const { properties } = secret;
  const tags = Object.entries(properties.tags ?? {}).map(([key, value]) => `${key}=${value}`);
  const rows: [string, string][] = [
    ["Name", secret.name],
    ["Value", secret.value ?? ""],
    ["Version", properties.version ?? ""],
    ["Content type", properties.contentType ?? "—"],
    ["Enabled", String(properties.enabled ?? true)],
    ["Created", formatDate(properties.createdOn)],
    ["Updated", formatDate(properties.updatedOn)],
    ["Tags", tags.length > 0 ? tags.join(", ") : "—"],
  ];
  detailsList.replaceChildren(
    ...rows.flatMap(([term, description]) => {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = description;
      dd.dataset.field = term.toLowerCase().replace(/ /g, "-");
      return [dt, dd];
    }),
  );
}

function renderRow(properties: SecretProperties): HTMLTableRowElement {
  const row = document.createElement("tr");
  const nameCell = document.createElement("td");
  const showButton = document.createElement("button");
  showButton.type = "button";
  showButton.className = "link";
  showButton.textContent = properties.name;
  showButton.addEventListener("click", () => void attempt(() => sample.showSecret(properties.name)));
  nameCell.append(showButton);
  row.append(nameCell);
  for (const text of [
    properties.contentType ?? "—",
    String(properties.enabled ?? true),
    formatDate(properties.updatedOn),
  ]) {
    const cell = document.createElement("td");
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

/** Runs a UI action, reporting its failure in the status line instead of throwing. */
async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    report(describeError(error), true);
  }
}

function createSample(client: SecretClient): KeyVaultSample {
  const created: KeyVaultSample = {
    client,
    isRestError,
    async showPage(continuationToken) {
      const pages = client.listPropertiesOfSecrets().byPage({ maxPageSize: PAGE_SIZE, continuationToken });
      const page: SecretProperties[] & { continuationToken?: string } = (await pages.next()).value ?? [];
      nextPageToken = page.continuationToken;
      secretRows.replaceChildren(...page.map(renderRow));
      nextPageButton.disabled = nextPageToken === undefined;
      report(`Listed ${page.length} secret(s)${nextPageToken ? "; more on the next page" : ""}.`);
      return page;
    },
    async showSecret(name) {
      const secret = await client.getSecret(name);
      renderDetails(secret);
      report(`Showing ${secret.name}.`);
      return secret;
    },
    async setSecret(name, value, contentType) {
      const secret = await client.setSecret(name, value, contentType ? { contentType } : {});
      renderDetails(secret);
      await created.showPage();
      report(`Set ${secret.name} (version ${secret.properties.version}).`);
      return secret;
    },
  };
  return created;
}

function wireForms(): void {
  const setForm = element<HTMLFormElement>("set-form");
  setForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = new FormData(setForm);
    void attempt(async () => {
      await sample.setSecret(
        String(fields.get("name")),
        String(fields.get("value")),
        String(fields.get("contentType") ?? "") || undefined,
      );
      element<HTMLInputElement>("set-value").value = "";
    });
  });
  const showForm = element<HTMLFormElement>("show-form");
  showForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(() => sample.showSecret(String(new FormData(showForm).get("name"))));
  });
  element("first-page").addEventListener("click", () => void attempt(() => sample.showPage()));
  nextPageButton.addEventListener("click", () => void attempt(() => sample.showPage(nextPageToken)));
}

let sample: KeyVaultSample;
let nextPageToken: string | undefined;

async function start(): Promise<void> {
  const { vaultUrl, tokenUrl } = await loadSampleConfig(location.href);
  element("vault-url").textContent = vaultUrl;
  const client = new SecretClient(vaultUrl, new FetchedTokenCredential(tokenUrl), {
    // The emulator's --http mode; a real vault (or the emulator over HTTPS) never needs this.
    allowInsecureConnection: new URL(vaultUrl).protocol === "http:",
  });
  sample = createSample(client);
  window.keyVaultSample = sample;
  wireForms();
  await sample.showPage();
}

void attempt(start).finally(() => {
  document.body.dataset.ready = "true";
});
