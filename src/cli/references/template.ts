// `inject`'s templates: `{{ <reference> }}` placeholders in any text, the form 1Password's `op inject` and
// akv-cli use. The placeholders are found (and every reference checked) before anything is fetched.
import { ReferenceSyntaxError, parseReference, type SecretReference } from "./reference.js";

const PLACEHOLDER = /\{\{\s*(.*?)\s*\}\}/g;

/** One placeholder of a template and the reference it holds. */
export interface Placeholder {
  /** `line N` of the template, for messages. */
  label: string;
  reference: SecretReference;
}

/**
 * The placeholders of `template`, in order.
 * @throws ReferenceSyntaxError naming the line of a placeholder that holds no valid reference.
 */
export function templatePlaceholders(template: string, vaultUrlTemplate: string): Placeholder[] {
  const placeholders: Placeholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const label = `line ${template.slice(0, match.index).split("\n").length}`;
    let reference: SecretReference | undefined;
    try {
      reference = parseReference(match[1]!, vaultUrlTemplate);
    } catch (error) {
      throw new ReferenceSyntaxError(`${label}: ${(error as Error).message}`);
    }
    if (reference === undefined) {
      throw new ReferenceSyntaxError(
        `${label}: {{ ${match[1]} }} is not a Key Vault reference (a secret URL, @Microsoft.KeyVault(…) or akvs://)`,
      );
    }
    placeholders.push({ label, reference });
  }
  return placeholders;
}

/** `template` with its placeholders replaced, in order, by `values` (one per placeholder). */
export function renderTemplate(template: string, values: readonly string[]): string {
  let index = 0;
  return template.replace(PLACEHOLDER, () => values[index++]!);
}
