/**
 * A deny-by-default Key Vault gateway for browser apps: a Fetch-standard handler that speaks the secrets REST
 * API to a page's `SecretClient` and forwards only what it allows to one vault, with the server's identity.
 *
 * @packageDocumentation
 */
export { createSecretsGateway } from "./gateway.js";
export type {
  GatewayAllowList,
  GatewayAuditEvent,
  GatewayAuthorizeContext,
  GatewayAuthorizeResult,
  GatewayConnectionInfo,
  GatewayDecision,
  GatewayNames,
  GatewayOperation,
  GatewayRateLimit,
  GatewayUpstream,
  SecretsGateway,
  SecretsGatewayOptions,
  SecretsGatewayPolicy,
} from "./options.js";
