// Types of probe.mjs (plain JavaScript so the official client's process and the bench script run it as is).
import type { EmulatorHttpClient, VaultDefinition } from "../../../src/emulator/index.js";
import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";

export const PROBE_IDENTITY: string;
export const ROLES: string[];
export const PERMISSIONS: string[];
export interface MatrixColumn {
  label: string;
  vault: string;
  role?: string;
  rbac?: boolean;
  permissions?: string[];
}
export const COLUMNS: MatrixColumn[];
export const OPERATIONS: string[];
export function cliArgs(): string[];
export function vaultDefinitions(): VaultDefinition[];
export interface ResponseCapture {
  policy: PipelinePolicy;
  take(matches?: (request: PipelineRequest) => boolean): PipelineResponse | undefined;
}
export function responseCapture(): ResponseCapture;
export function inProcessClients<Client>(
  emulator: EmulatorHttpClient,
  SecretClient: new (vaultUrl: string, credential: TokenCredential, options: object) => Client,
): (vault: string) => { admin: Client; probe: Client; capture: ResponseCapture };
export interface MatrixAnswer {
  status: number;
  code?: string;
  innerCode?: string;
  message?: string;
  assignmentId?: string;
}
export type Matrix = Record<string, Record<string, MatrixAnswer>>;
export function runMatrix(
  clients: (vault: string) => unknown | Promise<unknown>,
  prefix?: string,
): Promise<Matrix>;
export function formatMatrix(matrix: Matrix): string;
