/**
 * Any function, whatever it takes: `never` parameters accept every parameter list, where
 * `unknown` ones would refuse a handler that names a narrower type.
 */
export type AnyFunction = (...args: never[]) => unknown;

/** Any class, whatever its constructor takes. */
export type AnyClass = abstract new (...args: never[]) => object;

/**
 * The call signatures our method decorators accept, in both decorator modes: TypeScript's
 * `experimentalDecorators` (target, key, descriptor) and standard decorators (value, context).
 * `F` constrains the decorated method, which is how a handler whose parameter cannot take the
 * schema's output fails to compile.
 */
export interface MethodDecorator<F extends AnyFunction = AnyFunction> {
  <T extends F>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): void;
  <T extends F>(value: T, context: ClassMethodDecoratorContext): void;
}

/** A class decorator usable in both decorator modes. */
export interface ClassDecorator {
  <C extends AnyClass>(target: C): void;
  <C extends AnyClass>(value: C, context: ClassDecoratorContext<C>): void;
}
