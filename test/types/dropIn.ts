/**
 * Type-level proof that `keyvault-secrets-client` is a drop-in for `@azure/keyvault-secrets` 4.12.0.
 * Nothing here runs: `npm run typecheck` (strict) fails when an export is missing or when a public type
 * stops being assignable in either direction.
 */
import type * as Official from "@azure/keyvault-secrets";
import type * as Ours from "../../src/index.js";

/** True when A and B are assignable to each other (and neither is `any`, which would prove nothing). */
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equivalent<A, B> =
  IsAny<A> extends true
    ? false
    : IsAny<B> extends true
      ? false
      : [A] extends [B]
        ? [B] extends [A]
          ? true
          : false
        : false;

/** Compiles only when `T` is exactly `true`. */
function assert<T extends true>(): T | void {}

// (a) Every runtime export of the official package exists in ours.
type MissingValueExports = Exclude<keyof typeof Official, keyof typeof Ours>;
assert<[MissingValueExports] extends [never] ? true : false>();

// (a) Every type export of the official package exists in ours (a missing name is a compile error here) and is
// equivalent to the official one.
assert<Equivalent<Ours.SecretClientOptions, Official.SecretClientOptions>>();
assert<Equivalent<Ours.DeletedSecret, Official.DeletedSecret>>();
assert<Equivalent<Ours.DeletionRecoveryLevel, Official.DeletionRecoveryLevel>>();
assert<Equivalent<Ours.ContentType, Official.ContentType>>();
assert<Equivalent<Ours.GetSecretOptions, Official.GetSecretOptions>>();
assert<Equivalent<Ours.GetDeletedSecretOptions, Official.GetDeletedSecretOptions>>();
assert<Equivalent<Ours.PurgeDeletedSecretOptions, Official.PurgeDeletedSecretOptions>>();
assert<Equivalent<Ours.BackupSecretOptions, Official.BackupSecretOptions>>();
assert<Equivalent<Ours.RestoreSecretBackupOptions, Official.RestoreSecretBackupOptions>>();
assert<
  Equivalent<Ours.ListPropertiesOfSecretVersionsOptions, Official.ListPropertiesOfSecretVersionsOptions>
>();
assert<Equivalent<Ours.ListPropertiesOfSecretsOptions, Official.ListPropertiesOfSecretsOptions>>();
assert<Equivalent<Ours.ListDeletedSecretsOptions, Official.ListDeletedSecretsOptions>>();
assert<Equivalent<Ours.PageSettings, Official.PageSettings>>();
assert<Equivalent<Ours.KeyVaultSecretIdentifier, Official.KeyVaultSecretIdentifier>>();
assert<Equivalent<Ours.KeyVaultSecret, Official.KeyVaultSecret>>();
assert<Equivalent<Ours.SecretProperties, Official.SecretProperties>>();
assert<Equivalent<Ours.SecretPollerOptions, Official.SecretPollerOptions>>();
assert<Equivalent<Ours.BeginDeleteSecretOptions, Official.BeginDeleteSecretOptions>>();
assert<Equivalent<Ours.BeginRecoverDeletedSecretOptions, Official.BeginRecoverDeletedSecretOptions>>();
assert<Equivalent<Ours.SetSecretOptions, Official.SetSecretOptions>>();
assert<Equivalent<Ours.UpdateSecretPropertiesOptions, Official.UpdateSecretPropertiesOptions>>();
assert<Equivalent<Ours.RestError, Official.RestError>>();

// Generic exports, instantiated the ways the client uses them (and with an arbitrary element type).
interface Element {
  id: number;
}
assert<Equivalent<Ours.PagedAsyncIterableIterator<Element>, Official.PagedAsyncIterableIterator<Element>>>();
assert<
  Equivalent<
    Ours.PagedAsyncIterableIterator<Element, Element[], Ours.PageSettings>,
    Official.PagedAsyncIterableIterator<Element, Element[], Official.PageSettings>
  >
>();
assert<Equivalent<Ours.PollOperationState<Element>, Official.PollOperationState<Element>>>();
assert<
  Equivalent<
    Ours.PollerLike<Ours.PollOperationState<Element>, Element>,
    Official.PollerLike<Official.PollOperationState<Element>, Element>
  >
>();

// Runtime exports: same shapes.
assert<Equivalent<typeof Ours.KnownDeletionRecoveryLevel, typeof Official.KnownDeletionRecoveryLevel>>();
assert<Equivalent<typeof Ours.KnownContentType, typeof Official.KnownContentType>>();
assert<
  Equivalent<typeof Ours.parseKeyVaultSecretIdentifier, typeof Official.parseKeyVaultSecretIdentifier>
>();
assert<Equivalent<typeof Ours.logger, typeof Official.logger>>();
assert<Equivalent<typeof Ours.isRestError, typeof Official.isRestError>>();
assert<Equivalent<typeof Ours.RestError, typeof Official.RestError>>();

// (b) SecretClient, both ways, over its whole public surface. The official class has a private member,
// which makes it nominal, so we compare its public part (what user code can touch).
type PublicPart<T> = Pick<T, keyof T>;
type OfficialClient = PublicPart<Official.SecretClient>;
type OurClient = PublicPart<Ours.SecretClient>;
assert<Equivalent<OurClient, OfficialClient>>();
assert<Equivalent<keyof OurClient, keyof OfficialClient>>();
assert<
  Equivalent<
    ConstructorParameters<typeof Ours.SecretClient>,
    ConstructorParameters<typeof Official.SecretClient>
  >
>();

/**
 * Method by method: parameters and awaited results must be equivalent. Comparing them separately is stricter
 * than comparing the methods, whose parameters TypeScript checks bivariantly.
 */
type MethodCheck<K extends keyof OfficialClient & keyof OurClient> = OfficialClient[K] extends (
  ...args: infer OfficialArgs
) => infer OfficialResult
  ? OurClient[K] extends (...args: infer OurArgs) => infer OurResult
    ? Equivalent<OurArgs, OfficialArgs> extends true
      ? Equivalent<Awaited<OurResult>, Awaited<OfficialResult>>
      : false
    : false
  : Equivalent<OurClient[K], OfficialClient[K]>;
type AllMethodsMatch = { [K in keyof OfficialClient]: MethodCheck<K> }[keyof OfficialClient];
assert<AllMethodsMatch>();

// Pollers and pagers returned by the methods, element by element: what user code does with them.
type DeletePoller = Awaited<ReturnType<OurClient["beginDeleteSecret"]>>;
type RecoverPoller = Awaited<ReturnType<OurClient["beginRecoverDeletedSecret"]>>;
assert<Equivalent<DeletePoller, Awaited<ReturnType<OfficialClient["beginDeleteSecret"]>>>>();
assert<Equivalent<RecoverPoller, Awaited<ReturnType<OfficialClient["beginRecoverDeletedSecret"]>>>>();
assert<Equivalent<Awaited<ReturnType<DeletePoller["pollUntilDone"]>>, Official.DeletedSecret>>();
assert<
  Equivalent<
    ReturnType<DeletePoller["getOperationState"]>,
    Official.PollOperationState<Official.DeletedSecret>
  >
>();
assert<Equivalent<Awaited<ReturnType<RecoverPoller["pollUntilDone"]>>, Official.SecretProperties>>();
assert<
  Equivalent<
    Parameters<DeletePoller["pollUntilDone"]>,
    Parameters<
      Official.PollerLike<
        Official.PollOperationState<Official.DeletedSecret>,
        Official.DeletedSecret
      >["pollUntilDone"]
    >
  >
>();
assert<
  Equivalent<
    Parameters<DeletePoller["onProgress"]>,
    Parameters<
      Official.PollerLike<
        Official.PollOperationState<Official.DeletedSecret>,
        Official.DeletedSecret
      >["onProgress"]
    >
  >
>();

type Pager<
  K extends "listPropertiesOfSecrets" | "listPropertiesOfSecretVersions" | "listDeletedSecrets",
  C,
> = C extends OurClient ? ReturnType<OurClient[K]> : ReturnType<OfficialClient[K]>;
type PageOf<P> = P extends { byPage: (settings?: infer S) => AsyncIterableIterator<infer Page> }
  ? [S, Page]
  : never;
assert<
  Equivalent<Pager<"listPropertiesOfSecrets", OurClient>, Pager<"listPropertiesOfSecrets", OfficialClient>>
>();
assert<
  Equivalent<
    PageOf<Pager<"listDeletedSecrets", OurClient>>,
    PageOf<Pager<"listDeletedSecrets", OfficialClient>>
  >
>();
assert<
  Equivalent<
    PageOf<Pager<"listPropertiesOfSecretVersions", OurClient>>,
    PageOf<Pager<"listPropertiesOfSecretVersions", OfficialClient>>
  >
>();

/** Code written against the official package compiles unchanged with our client substituted. */
export async function officialStyleUsage(client: Official.SecretClient, bytes: Uint8Array): Promise<void> {
  // An official instance can be used where ours is expected (our class has no private members). The reverse
  // holds for the public part only: the official class's private member makes it nominal.
  const ours: Ours.SecretClient = client;
  const official: OfficialClient = ours;
  const secret: Official.KeyVaultSecret = await ours.setSecret("name", "value", {
    contentType: "text/plain",
  });
  const poller: Official.PollerLike<
    Official.PollOperationState<Official.DeletedSecret>,
    Official.DeletedSecret
  > = await ours.beginDeleteSecret(secret.name, { intervalInMs: 0 });
  const unsubscribe: () => void = poller.onProgress((state) => state.isCompleted);
  unsubscribe();
  const deleted: Official.DeletedSecret = await poller.pollUntilDone({
    abortSignal: new AbortController().signal,
  });
  const pages: Official.PagedAsyncIterableIterator<Official.DeletedSecret> = official.listDeletedSecrets();
  for await (const page of pages.byPage({ maxPageSize: 1 })) void page.length;
  const backup: Uint8Array | undefined = await ours.backupSecret(deleted.name);
  const restored: Official.SecretProperties = await ours.restoreSecretBackup(backup ?? bytes);
  void restored;
}

/**
 * Our pages declare the `continuationToken` they carry at run time (the README's paging example), and a page
 * still fits where the official page type (a plain array) is expected, and the reverse.
 */
export async function continuationTokenOnPages(client: Ours.SecretClient): Promise<string | undefined> {
  for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 })) {
    const officialPage: Official.SecretProperties[] = page;
    const ourPage: Ours.ContinuablePage<Ours.SecretProperties> = officialPage;
    void ourPage;
    if (page.continuationToken) return page.continuationToken;
  }
  return undefined;
}
