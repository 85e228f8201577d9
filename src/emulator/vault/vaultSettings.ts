// The configuration of an emulated vault.

/** How the emulated vault is configured. */
export interface VaultSettings {
  /**
   * Soft-delete retention in days (7–90): `scheduledPurgeDate = deletedDate + recoverableDays * 86400`.
   * @default 90
   */
  recoverableDays: number;
  /**
   * Purge protection: `true` forbids user purges (403) and reports recovery level "Recoverable"; `false`
   * reports "Recoverable+Purgeable".
   * @default false
   */
  purgeProtection: boolean;
  /**
   * Milliseconds after a delete during which the deletion is still propagating: get-deleted answers 404,
   * set and purge 409 ObjectIsBeingDeleted.
   * @default 0
   */
  deleteDelayMs: number;
  /**
   * Milliseconds after a recover during which the secret is still invisible (404) and set answers 409
   * ObjectIsBeingRecovered.
   * @default 0
   */
  recoverDelayMs: number;
  /** Milliseconds after a purge during which the name cannot be reused (set/restore 409). @default 0 */
  purgeDelayMs: number;
}

/** The settings of a new vault: 90 days retention, no purge protection, no propagation delays. */
export const defaultVaultSettings: VaultSettings = Object.freeze({
  recoverableDays: 90,
  purgeProtection: false,
  deleteDelayMs: 0,
  recoverDelayMs: 0,
  purgeDelayMs: 0,
});

/** Returns `settings` when every value is in range; RangeError (TypeError for a non-boolean) otherwise. */
export function validateVaultSettings(settings: VaultSettings): VaultSettings {
  const days = settings.recoverableDays;
  if (!Number.isInteger(days) || days < 7 || days > 90) {
    throw new RangeError("recoverableDays must be an integer from 7 to 90");
  }
  if (typeof settings.purgeProtection !== "boolean") throw new TypeError("purgeProtection must be a boolean");
  for (const name of ["deleteDelayMs", "recoverDelayMs", "purgeDelayMs"] as const) {
    const value = settings[name];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0`);
  }
  return settings;
}

/** A settings change the service does not allow on an existing vault (a TypeError, as other refusals). */
export class SettingChangeRefusedError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "SettingChangeRefusedError";
  }
}
