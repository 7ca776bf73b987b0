import type { AppModel } from './model.js';
import type { PyNode } from './python-parser.js';
import { calleeText, walk } from './registrations.js';
import type { ModuleInfo } from './scope.js';

/**
 * The app's own functions whose translation awaits (they sleep, call() a client, or call one
 * that does), found before anything is translated, so every caller can await them: Python
 * blocks until such a call returns, and a caller that went on without waiting would run ahead.
 * Fills module.asyncHelpers (module functions) and module.asyncMethods (Namespace methods).
 */
export function findAsyncFunctions(app: AppModel, module: ModuleInfo): void {
  const helpers = app.helpers.map((h) => ({ name: h.pythonName, fn: h.fn, method: false }));
  const methods = app.controllers.flatMap((c) =>
    c.handlers
      .filter((h) => h.isMethod)
      .map((h) => ({ name: h.fn.childForFieldName('name')?.text ?? '', fn: h.fn, method: true })),
  );
  const awaits = (fn: PyNode): boolean => {
    let found = false;
    walk(fn.childForFieldName('body') ?? fn, (node) => {
      if (found || node.type !== 'call') return;
      const callee = calleeText(node);
      const [owner, name, extra] = callee.split('.');
      if (extra !== undefined || owner === undefined) return;
      if (name === undefined) {
        found = owner === 'call' || module.asyncHelpers.has(owner);
        return;
      }
      if (name === 'sleep' && (owner === 'time' || module.socketioNames.has(owner))) found = true;
      else if (name === 'call' && module.socketioNames.has(owner)) found = true;
      else if (owner === 'self' && module.asyncMethods.has(name)) found = true;
    });
    return found;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of [...helpers, ...methods]) {
      const set = f.method ? module.asyncMethods : module.asyncHelpers;
      if (!set.has(f.name) && awaits(f.fn)) {
        set.add(f.name);
        changed = true;
      }
    }
  }
}
