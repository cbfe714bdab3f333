// RFC 6241 §9 (security): what is logged. RPC names, message-ids and durations only; XML only when
// asked for, and always through redactSecrets().

/** The subset of a pino logger this library uses. */
export interface NetconfLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: NetconfLogger = { debug: noop, info: noop, warn: noop, error: noop };
