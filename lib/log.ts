// The one way UAuth writes to its log. Every line goes through `redact`: errors become
// their name, message (without the query parameters Drizzle appends to it) and a few
// stack frames — never the raw object with whatever it carried; fields that hold a
// secret (codes, tokens, keys, cookies) are replaced, email addresses masked, and URLs
// lose their query string (codes travel there).

type Level = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown> & { err?: unknown };

const SECRET_FIELD = /code|token|secret|password|key|authorization|cookie|otp/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const URL_QUERY = /(https?:\/\/[^\s?#"']+)\?[^\s#"']*/g;

/** An error as a log line may show it: name, message without query parameters, 5 frames. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return maskText(String(error));
  const message = error.message.replace(/\nparams:[\s\S]*$/, '\nparams: [redacted]');
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
  // only the frames: V8's stack starts with the message, parameters included
  const stack = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .join('\n');
  return maskText(`${error.name}: ${message}${cause}${stack ? `\n${stack}` : ''}`);
}

/** Masks email addresses (a***@example.com) and drops URL query strings. */
export function maskText(text: string): string {
  return text.replace(URL_QUERY, '$1?[redacted]').replace(EMAIL, '$1***@$2');
}

function redactValue(key: string, value: unknown): string {
  if (key === 'err') return describeError(value);
  if (SECRET_FIELD.test(key)) return '[redacted]';
  if (value instanceof Error) return describeError(value);
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return String(value);
  return maskText(JSON.stringify(value, (k, v: unknown) => (k && SECRET_FIELD.test(k) ? '[redacted]' : v)));
}

/** The text of one log line: the message, then each field as key=value. */
export function formatLine(message: string, fields: LogFields = {}): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (k === 'err' ? `\n  ${redactValue(k, v).replace(/\n/g, '\n  ')}` : ` ${k}=${redactValue(k, v)}`));
  return `[uauth] ${maskText(message)}${parts.join('')}`;
}

function write(level: Level, message: string, fields?: LogFields): void {
  const line = formatLine(message, fields);
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};
