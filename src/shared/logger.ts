import { createClientLogger } from "@azure/logger";

/**
 * The `@azure/logger` channel of this package (`keyvault-secrets`, the same channel name as
 * `@azure/keyvault-secrets`, so `AZURE_LOG_LEVEL` and `setLogLevel` work the same way). Nothing logged here
 * ever contains a secret value, a backup blob or a token.
 */
export const logger = createClientLogger("keyvault-secrets");
