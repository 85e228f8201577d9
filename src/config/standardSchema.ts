// The few types of the Standard Schema interface (https://standardschema.dev, version 1) that the loader
// needs, written out here so that the package has no dependency, not even a type-only one, on a validator
// or on the spec's package. Zod, Valibot, ArkType and the others implement this shape, so their schemas fit.

/** A path segment of a {@link StandardSchemaIssue}: a key, or an object holding one. */
export type StandardSchemaPathSegment = PropertyKey | { readonly key: PropertyKey };

/** One problem a Standard Schema found. */
export interface StandardSchemaIssue {
  /** The validator's message. The loader withholds it when it quotes a loaded value. */
  readonly message: string;
  /** Where in the validated object the problem is. */
  readonly path?: ReadonlyArray<StandardSchemaPathSegment> | undefined;
}

/** What a Standard Schema's `validate` returns: the output value, or issues. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/**
 * A schema of any validator that implements Standard Schema version 1 (the `~standard` property). The
 * loader calls `validate` once per load or refresh with the shaped values; its output becomes `values`.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": {
    /** The version of the interface: 1. */
    readonly version: 1;
    /** The validator library's name. */
    readonly vendor: string;
    /** Validates `value`, synchronously or not. */
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    /** Carries the input and output types (never set at run time). */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The output type of a Standard Schema. */
export type StandardSchemaOutput<Schema extends StandardSchemaV1> = NonNullable<
  Schema["~standard"]["types"]
>["output"];
