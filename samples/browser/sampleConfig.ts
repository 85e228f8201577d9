// Where the page finds its vault and its token endpoint: query parameters first (what the browser tests
// use), then a config.json beside the page (what the Vite dev server in vite.config.ts serves).

/** What the page needs to reach a vault. */
export interface SampleConfig {
  /** The vault URL, e.g. `http://127.0.0.1:8443` for an emulator started with `--http`. */
  vaultUrl: string;
  /** The endpoint {@link FetchedTokenCredential} asks for tokens. */
  tokenUrl: string;
}

/** Reads `?vaultUrl=…&tokenUrl=…`, falling back to `config.json` for whatever is missing. */
export async function loadSampleConfig(pageUrl: string): Promise<SampleConfig> {
  const query = new URL(pageUrl).searchParams;
  let vaultUrl = query.get("vaultUrl");
  let tokenUrl = query.get("tokenUrl");
  if (!vaultUrl || !tokenUrl) {
    const response = await fetch(new URL("config.json", pageUrl));
    if (!response.ok) {
      throw new Error("Give ?vaultUrl=…&tokenUrl=… or serve a config.json beside the page.");
    }
    const file = (await response.json()) as Partial<SampleConfig>;
    vaultUrl ||= file.vaultUrl ?? null;
    tokenUrl ||= file.tokenUrl ?? null;
  }
  if (!vaultUrl || !tokenUrl) throw new Error("The configuration names no vaultUrl or no tokenUrl.");
  return { vaultUrl, tokenUrl };
}
