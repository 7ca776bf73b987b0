/**
 * The call signatures our method decorators accept, in both decorator modes: TypeScript's
 * `experimentalDecorators` (target, key, descriptor) and standard decorators (value, context).
 * `F` constrains the decorated method, which is how a handler whose parameter cannot take the
 * schema's output fails to compile.
 */
export interface MethodDecorator<F extends (...args: any[]) => unknown = (...args: any[]) => unknown> {
  <T extends F>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): void;
  <T extends F>(value: T, context: ClassMethodDecoratorContext<any, T>): void;
}

/** A class decorator usable in both decorator modes. */
export interface ClassDecorator {
  <C extends abstract new (...args: any[]) => object>(target: C): void;
  <C extends abstract new (...args: any[]) => object>(value: C, context: ClassDecoratorContext<C>): void;
}
