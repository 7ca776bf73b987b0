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

function line(level: string, obj: object, msg?: string): string {
  const fields = Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    // A stack or any other multi-line string is JSON-escaped so each record stays one line.
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/[\r\n]/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  return `socketeer ${level} ${msg ?? ''}${fields ? ` ${fields}` : ''}\n`;
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
