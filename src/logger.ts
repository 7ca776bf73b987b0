/**
 * Logging switches, like Flask-SocketIO's `logger` / `engineio_logger`: `true` logs to stderr,
 * a pino-compatible object receives the lines, `false` (the default) costs nothing.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type LoggerOption = boolean | Logger | undefined;

/**
 * Values written bare: nothing a reader could take for a field separator, a quote or a
 * terminal escape. Anything else (a client-chosen event name such as `x code=ok`, a stack, an
 * ANSI sequence) is JSON-quoted, so one record stays one line with the fields it really has.
 */
const BARE = /^[\w.:/@+-]*$/;

function value(v: unknown): string {
  return typeof v === 'string' && BARE.test(v) ? v : JSON.stringify(v) ?? String(v);
}

/** Control characters (terminal escapes, newlines) in a message, written as JSON escapes. */
function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function line(level: string, obj: object, msg?: string): string {
  const fields = Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
  return `socketeer ${level} ${escapeControls(msg ?? '')}${fields ? ` ${fields}` : ''}\n`;
}

/** Writes one line per call to stderr. */
export function stderrLogger(): Logger {
  const write = (level: string) => (obj: object, msg?: string) => process.stderr.write(line(level, obj, msg));
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Resolves the option to a logger, or undefined when logging is off. @internal */
export function resolveLogger(option: LoggerOption): Logger | undefined {
  if (option === true) return stderrLogger();
  if (!option) return undefined;
  return option;
}

/** Errors are never silent: with logging off they still reach stderr. @internal */
export const fallbackLogger: Logger = stderrLogger();
