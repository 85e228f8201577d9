/**
 * A lean, browser-ready client for Azure Key Vault secrets, drop-in compatible with `@azure/keyvault-secrets`.
 *
 * @packageDocumentation
 */
export { SDK_VERSION, LATEST_API_VERSION, SUPPORTED_API_VERSIONS } from "./constants.js";
