/**
 * Logging switches, like Flask-SocketIO's `logger` / `engineio_logger`: `true` logs to stderr,
 * a pino-compatible object receives the lines, `false` (the default) costs nothing.
 * Logging never throws: a logger that throws, or a value that cannot be printed, must not turn
 * a reported failure into a crash.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type LoggerOption = boolean | Logger | undefined;

/**
 * Any thrown value as text, without ever throwing: an Error's stack, a string as is, anything
 * else through String() or JSON, and a fixed text for values that refuse both (an object
 * without a prototype, a revoked proxy). @internal
 */
export function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null) {
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return String(value);
      }
    }
    return String(value);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
}

/**
 * Values written bare: nothing a reader could take for a field separator, a quote or a
 * terminal escape. Anything else (a client-chosen event name such as `x code=ok`, a stack, an
 * ANSI sequence) is JSON-quoted, so one record stays one line with the fields it really has.
 */
const BARE = /^[\w.:/@+-]*$/;

function value(v: unknown): string {
  if (typeof v === 'string' && BARE.test(v)) return v;
  try {
    return JSON.stringify(v) ?? describeThrown(v);
  } catch {
    return JSON.stringify(describeThrown(v));
  }
}

/** Control characters (terminal escapes, newlines) in a message, written as JSON escapes. */
function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * One record: a line of `key=value` fields, readable as is. A multi-line `err` (a stack) shows
 * its first line (the error's message) there and its frames on the indented lines below, so
 * the positions can be read and followed; any other value that is not bare is JSON-quoted.
 */
function line(level: string, obj: object, msg?: string): string {
  let frames = '';
  const fields = Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (k === 'err' && typeof v === 'string' && v.includes('\n') && frames === '') {
        const [first = '', ...rest] = v.split(/\r?\n/);
        frames = rest.map((l) => `\n    ${escapeControls(l.trim())}`).join('');
        return `${k}=${escapeControls(first)}`;
      }
      return `${k}=${value(v)}`;
    })
    .join(' ');
  return `socketeer ${level} ${escapeControls(msg ?? '')}${fields ? ` ${fields}` : ''}${frames}\n`;
}

/** Writes one line per call to stderr. */
export function stderrLogger(): Logger {
  const write = (level: string) => (obj: object, msg?: string) => {
    try {
      process.stderr.write(line(level, obj, msg));
    } catch {
      // stderr itself failed (closed pipe): there is nowhere left to report to.
    }
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Errors are never silent: with logging off they still reach stderr. @internal */
export const fallbackLogger: Logger = stderrLogger();

/**
 * Wraps an app's own logger so that a throw inside it is reported on stderr instead of
 * escaping into socket.io's or a timer's callback. @internal
 */
function guarded(logger: Logger): Logger {
  const wrap = (level: keyof Logger) => (obj: object, msg?: string) => {
    try {
      logger[level](obj, msg);
    } catch (err) {
      fallbackLogger.error({ level, msg, err: describeThrown(err) }, 'the app logger threw while logging');
    }
  };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** Resolves the option to a logger, or undefined when logging is off. @internal */
export function resolveLogger(option: LoggerOption): Logger | undefined {
  if (option === true) return stderrLogger();
  if (!option) return undefined;
  return guarded(option);
}

const appLoggers = new WeakMap<object, Logger>();

/** Records the logger of an app's socket.io server, for code that only has the server. @internal */
export function setLoggerOf(io: object, logger: Logger | undefined): void {
  if (logger) appLoggers.set(io, logger);
}

/** The app's logger for errors: its own, or stderr when logging is off. @internal */
export function loggerOf(io: object): Logger {
  return appLoggers.get(io) ?? fallbackLogger;
}
