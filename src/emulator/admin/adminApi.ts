// The admin API (docs/emulator.md#admin-api): JSON over the dashboard's listener, under /api/. This file
// routes; the vault-level routes are here, secrets in secretRoutes.ts, faults, clock and events in
// controlRoutes.ts. Every route answers JSON (an export as .env text when asked) and never a value except
// through reveal.
import {
  AdminError,
  jsonBody,
  ok,
  type AdminAnswer,
  type AdminContext,
  type AdminRequest,
} from "./adminContext.js";
import { SettingChangeRefusedError } from "../vault/vaultSettings.js";
import { controlRoute } from "./controlRoutes.js";
import { secretRoute } from "./secretRoutes.js";
import { exportEnvLines, exportVault, importInto } from "./transfer.js";

/** Answers one admin request; AdminError for refusals, ServiceError texts passed on with their status. */
export async function handleAdminRequest(context: AdminContext, request: AdminRequest): Promise<AdminAnswer> {
  try {
    return await route(context, request);
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, body: { error: error.message } };
    if (error instanceof TypeError || error instanceof RangeError) {
      return { status: 400, body: { error: error.message } };
    }
    return { status: 500, body: { error: "The emulator failed to answer this admin request" } };
  }
}

async function route(context: AdminContext, request: AdminRequest): Promise<AdminAnswer> {
  const { method, segments } = request;
  const control = await controlRoute(context, request);
  if (control) return control;
  const [first, vault, ...rest] = segments;
  if (first === "vaults" && vault === undefined) {
    if (method === "GET") return ok({ vaults: vaultViews(context) });
    if (method === "POST") {
      const { name, ...settings } = jsonBody(request);
      if (typeof name !== "string") throw new AdminError(400, "name must be a vault name");
      context.vaults.create({ ...settings, name });
      await context.commit();
      return ok(
        vaultViews(context).find((view) => view.name === name.toLowerCase()),
        201,
      );
    }
  }
  if (first === "reset" && method === "POST" && vault === undefined) {
    const target = request.query.get("vault");
    if (target === null) context.resetAll();
    else {
      storeOf(context, target).reset();
      await context.commit();
    }
    return ok({ reset: target ?? "all" });
  }
  if (first === "journal" && method === "GET" && vault === undefined) {
    return ok({ entries: context.journal.entries().slice(-200) });
  }
  if (first === "vaults" && vault !== undefined) {
    const store = storeOf(context, vault);
    const name = vault.toLowerCase();
    if (rest.length === 0 && method === "PATCH") {
      // Only what the service lets change on a live vault (VaultRegistry.changeSettings): 409 for the rest.
      try {
        context.vaults.changeSettings(name, jsonBody(request));
      } catch (error) {
        if (error instanceof SettingChangeRefusedError) throw new AdminError(409, error.message);
        throw error;
      }
      await context.commit();
      return ok(vaultViews(context).find((view) => view.name === name));
    }
    if (rest.length === 0 && method === "DELETE") {
      context.vaults.delete(name);
      await context.commit();
      return { status: 204, body: undefined };
    }
    if (rest.length === 1 && rest[0] === "export" && method === "GET") {
      return request.query.get("format") === "env"
        ? { status: 200, body: exportEnvLines(store), type: "text/plain; charset=utf-8" }
        : ok(exportVault(name, store));
    }
    if (rest.length === 1 && rest[0] === "import" && method === "POST") {
      const result = importInto(store, request.body);
      await context.commit();
      return ok(result);
    }
    if (rest[0] === "secrets" || rest[0] === "deleted") {
      return secretRoute(context, name, store, request, rest);
    }
  }
  throw new AdminError(404, `No admin route ${method} /api/${segments.join("/")}`);
}

function storeOf(context: AdminContext, vault: string) {
  const store = context.vaults.get(vault);
  if (!store)
    throw new AdminError(
      404,
      `No vault named "${vault}"; the vaults are: ${context.vaults.names().join(", ")}`,
    );
  return store;
}

function vaultViews(context: AdminContext) {
  const { vaults } = context;
  return vaults.names().map((name) => {
    const store = vaults.get(name)!;
    store.sweep();
    return {
      name,
      url: context.vaultUrl(name),
      isDefault: name === vaults.defaultName,
      settings: { ...store.settings },
      secrets: store.listActive().length,
      deleted: store.listDeleted().length,
    };
  });
}
