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
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

export type Schema = StandardSchema<any, any>;
export type Infer<S> = S extends StandardSchema<any, infer O> ? O : never;

/** One problem with a payload, in zod's issue shape. */
export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
  [detail: string]: unknown;
}

export type ValidationOutcome = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

interface ZodLike {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: Record<string, unknown>[] } };
  safeParseAsync(value: unknown): Promise<{ success: boolean; data?: unknown; error?: { issues: Record<string, unknown>[] } }>;
  _zod?: { def?: { type?: string } };
}

function isZod(schema: unknown): schema is ZodLike {
  return typeof (schema as ZodLike).safeParse === 'function' && typeof (schema as ZodLike).safeParseAsync === 'function';
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

function fromZod(result: Awaited<ReturnType<ZodLike['safeParse']>>): ValidationOutcome {
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: (result.error?.issues ?? []).map(fromZodIssue) };
}

function fromStandard(result: StandardResult<unknown>): ValidationOutcome {
  if (!result.issues) return { ok: true, value: result.value };
  return { ok: false, issues: result.issues.map((i) => ({ code: 'custom', path: cleanPath(i.path), message: i.message })) };
}

/**
 * Validates `value`. Synchronous when the schema is (the common case, kept off the promise
 * path); a promise only for schemas with async refinements.
 */
export function validate(schema: Schema, value: unknown): ValidationOutcome | Promise<ValidationOutcome> {
  if (isZod(schema)) {
    try {
      return fromZod(schema.safeParse(value));
    } catch (err) {
      // zod throws from safeParse when the schema has async parts; only then go async.
      if (err instanceof Error && /async/i.test(err.message)) return schema.safeParseAsync(value).then(fromZod);
      throw err;
    }
  }
  const result = schema['~standard'].validate(value);
  return result instanceof Promise ? result.then(fromStandard) : fromStandard(result);
}
