/**
 * Payload validation. Schemas are accepted by duck type so zod stays a peer dependency:
 * anything with zod's `safeParse`/`safeParseAsync`, or any Standard Schema (`'~standard'`).
 */

/** The Standard Schema interface (https://standardschema.dev), the part we use. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

export type Schema = StandardSchema<unknown, unknown>;
export type Infer<S> = S extends StandardSchema<unknown, infer O> ? O : never;

/** One problem with a payload, in zod's issue shape. */
export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
  [detail: string]: unknown;
}

/** zod's own result shape: on success the library's result is passed through untouched. */
export type ValidationOutcome = { success: true; data: unknown } | { success: false; issues: ValidationIssue[] };

/** Validates one value; synchronous unless the schema has async parts. */
export type Validator = (value: unknown) => ValidationOutcome | Promise<ValidationOutcome>;

interface ZodLike {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: Record<string, unknown>[] } };
  safeParseAsync(
    value: unknown,
  ): Promise<{ success: boolean; data?: unknown; error?: { issues: Record<string, unknown>[] } }>;
  _zod?: { def?: { type?: string } };
}

function isZod(schema: unknown): schema is ZodLike {
  return (
    typeof (schema as ZodLike).safeParse === 'function' && typeof (schema as ZodLike).safeParseAsync === 'function'
  );
}

export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && ('~standard' in value || isZod(value));
}

/** A zod tuple validates all of an event's arguments; any other schema validates the first. */
export function isTupleSchema(schema: Schema): boolean {
  return isZod(schema) && schema._zod?.def?.type === 'tuple';
}

function cleanPath(path: ReadonlyArray<unknown> | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (const seg of path ?? []) {
    const key = typeof seg === 'object' && seg !== null && 'key' in seg ? (seg as { key: unknown }).key : seg;
    if (typeof key === 'string' || typeof key === 'number') out.push(key);
  }
  return out;
}

/** zod issues go out as they are, minus the rejected input (the client has it already). */
function fromZodIssue(issue: Record<string, unknown>): ValidationIssue {
  const { input: _input, path, code, message, ...details } = issue;
  return { ...details, code: String(code), path: cleanPath(path as unknown[]), message: String(message) };
}

type ZodResult = ReturnType<ZodLike['safeParse']>;

function fromZod(result: ZodResult): ValidationOutcome {
  return result.success
    ? (result as { success: true; data: unknown })
    : { success: false, issues: (result.error?.issues ?? []).map(fromZodIssue) };
}

function fromStandard(result: StandardResult<unknown>): ValidationOutcome {
  if (!result.issues) return { success: true, data: result.value };
  return {
    success: false,
    issues: result.issues.map((i) => ({ code: 'custom', path: cleanPath(i.path), message: i.message })),
  };
}

/**
 * Chooses, once per handler, how its schema is run (zod's `safeParse`, or the Standard Schema
 * `validate`), so the per-event path does no duck typing. zod's success result is returned as
 * is; only failures are reshaped.
 */
export function compileValidator(schema: Schema): Validator {
  if (isZod(schema)) {
    return (value) => {
      try {
        const result = schema.safeParse(value);
        return result.success ? (result as { success: true; data: unknown }) : fromZod(result);
      } catch (err) {
        // zod throws from safeParse when the schema has async parts; only then go async.
        if (err instanceof Error && /async/i.test(err.message)) return schema.safeParseAsync(value).then(fromZod);
        throw err;
      }
    };
  }
  const run = schema['~standard'].validate;
  return (value) => {
    const result = run(value);
    return result instanceof Promise ? result.then(fromStandard) : fromStandard(result);
  };
}
