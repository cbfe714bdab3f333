// Small typed parsers for environment variables. Each one names the variable in its error so that
// an app that starts with a bad value stops with a message an operator can act on.

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`configuration: ${variable} ${message}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string, fallback: string | undefined): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    if (fallback === undefined) throw new ConfigError(name, 'is required but not set');
    return fallback;
  }
  return value.trim();
}

export function str(env: Env, name: string, fallback?: string): string {
  return raw(env, name, fallback);
}

export function int(
  env: Env,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = raw(env, name, String(fallback));
  if (!/^-?\d+$/.test(text)) throw new ConfigError(name, `must be an integer, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function port(env: Env, name: string, fallback: number): number {
  return int(env, name, fallback, 1, 65535);
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name, String(fallback)).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `must be true or false, got "${text}"`);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const text = raw(env, name, fallback);
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}

const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

export function hostPortList(env: Env, name: string, fallback: string): string[] {
  const items = raw(env, name, fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    const m = HOST_PORT.exec(item);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new ConfigError(name, `must be a comma-separated list of host:port, got "${item}"`);
    }
  }
  if (items.length === 0) throw new ConfigError(name, 'must name at least one host:port');
  return items;
}

export function url(env: Env, name: string, fallback: string, protocols: readonly string[]): string {
  const text = raw(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${redactUrl(text)}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return text;
}

/** Masks the password of a URL so that configuration can be logged. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

export function ipv4(env: Env, name: string, fallback: string): string {
  const text = raw(env, name, fallback);
  const parts = text.split('.');
  const ok = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  if (!ok) throw new ConfigError(name, `must be an IPv4 address, got "${text}"`);
  return text;
}
