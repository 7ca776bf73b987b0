/**
 * `createApp({ validateEmits: true })`: every emit of a namespace that declared its emits
 * (`@Emits`) is checked against the schema before it is sent. Meant for development and tests.
 * Off, the emit path pays one boolean test: `emitChecks.active` stays false until an app
 * turns validation on.
 * Internal module: not exported from the package entry points.
 */
import type { Server } from 'socket.io';
import { SocketeerError } from './errors.js';
import { compileValidator, isTupleSchema, type Schema, type Validator } from './validation.js';

/** A declared event, compiled for checking. */
interface Check {
  validate: Validator;
  spread: boolean;
  declaredBy: string;
}

/** Declared emits per namespace (a name, or a RegExp for dynamic namespaces). */
export interface EmitDeclarations {
  /** The declarations of namespace `name`, or undefined when it declared none. */
  lookUp(name: string): ReadonlyMap<string, { schema: Schema; declaredBy: string }> | undefined;
}

export const emitChecks = { active: false };

const checkers = new WeakMap<
  Server,
  (namespace: string, event: string, args: readonly unknown[], fn: string) => void
>();

/** Turns checking on for one app's server. */
export function enableEmitValidation(io: Server, declarations: EmitDeclarations): void {
  // Compiled per declaration (one per namespace table), so dynamic namespaces share theirs.
  const compiled = new WeakMap<object, Map<string, Check>>();
  const checksOf = (namespace: string) => {
    const declared = declarations.lookUp(namespace);
    if (declared === undefined) return undefined;
    let checks = compiled.get(declared);
    // A controller bound later (a glob) may add to a namespace's declarations: recompile then.
    if (!checks || checks.size !== declared.size) {
      checks = new Map(
        [...declared].map(([event, d]) => [
          event,
          { validate: compileValidator(d.schema), spread: isTupleSchema(d.schema), declaredBy: d.declaredBy },
        ]),
      );
      compiled.set(declared, checks);
    }
    return checks;
  };
  checkers.set(io, (namespace, event, args, fn) => {
    const checks = checksOf(namespace);
    if (checks === undefined) return;
    const check = checks.get(event);
    if (check === undefined) {
      throw new SocketeerError(
        'invalid_emit',
        `${fn}('${event}') in namespace ${namespace}: the event is not declared with @Emits() (declared: ${[...checks.keys()].join(', ')}).`,
      );
    }
    if (!check.spread && args.length > 1) {
      throw new SocketeerError(
        'invalid_emit',
        `${fn}('${event}') in namespace ${namespace}: ${args.length} arguments, but ${check.declaredBy} declares one payload.`,
      );
    }
    const outcome = check.validate(check.spread ? [...args] : args[0]);
    if (outcome instanceof Promise) {
      throw new SocketeerError(
        'invalid_emit',
        `${fn}('${event}'): the schema declared by ${check.declaredBy} is asynchronous; emits are checked synchronously.`,
      );
    }
    if (!outcome.success) {
      const detail = outcome.issues
        .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
        .join('; ');
      throw new SocketeerError(
        'invalid_emit',
        `${fn}('${event}') in namespace ${namespace}: the payload does not match the schema declared by ${check.declaredBy}: ${detail}`,
        { data: outcome.issues },
      );
    }
  });
  emitChecks.active = true;
}

/** Checks one outgoing event; call only when `emitChecks.active`. */
export function checkEmit(io: Server, namespace: string, event: string, args: readonly unknown[], fn: string): void {
  checkers.get(io)?.(namespace, event, args, fn);
}
