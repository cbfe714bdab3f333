// A tiny HTTP client for the demo scripts: Gohan API calls with a token, refusing any address that
// is not loopback (the demo never talks to anything else), and a bounded wait for /readyz.

export interface DemoResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
  /** X-Consistency-Token of a write (read-your-writes), when the API sent one. */
  consistencyToken?: string;
}

export type Print = (line: string) => void;

const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/;

/** The API address the demo uses: http://127.0.0.1:${API_PORT:-9091}. */
export function defaultApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = Number(env.API_PORT ?? 9091);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`API_PORT ${env.API_PORT} is not a port`);
  return `http://127.0.0.1:${port}`;
}

export class DemoClient {
  readonly baseUrl: string;
  /** The last write's consistency token: every later read waits for it (read-your-writes). */
  consistencyToken: string | undefined;

  constructor(baseUrl: string, consistencyToken?: string) {
    this.consistencyToken = consistencyToken;
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' || !LOOPBACK.test(url.hostname))
      throw new Error(`demo: refusing ${baseUrl}: only http on loopback is allowed`);
    this.baseUrl = url.origin;
  }

  async request(method: string, path: string, token: string, body?: unknown): Promise<DemoResponse> {
    const headers: Record<string, string> = { 'X-Auth-Token': token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method === 'GET' && this.consistencyToken) headers['X-Consistency-Token'] = this.consistencyToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const consistencyToken = response.headers.get('x-consistency-token') ?? undefined;
    if (method !== 'GET' && consistencyToken) this.consistencyToken = consistencyToken;
    return { status: response.status, json, text, ...(consistencyToken ? { consistencyToken } : {}) };
  }

  /** Waits (bounded) until the API answers /readyz with 200. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    for (;;) {
      try {
        const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() > deadline)
        throw new Error(`demo: ${this.baseUrl} not ready after ${timeoutMs} ms (${last})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Runs a demo script's main: prints errors, sets the exit code. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
