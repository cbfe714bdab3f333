// Starts the API on a loopback port with the in-memory backend for one test file (registers its
// own beforeAll/afterAll) and hands back the client and the backend to inspect.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiServer } from '../src/server';
import type { ApiDeps } from '../src/ports';
import { httpClient } from './contract';
import type { ApiClient } from './contract';
import { InMemoryBackend, inMemoryDeps } from './in-memory';

export interface LoopbackApi {
  api: ApiClient;
  backend: InMemoryBackend;
  deps: ApiDeps;
}

export function loopbackApi(overrides: Partial<ApiDeps> = {}): LoopbackApi {
  const backend = new InMemoryBackend();
  const deps = inMemoryDeps(backend, {
    limits: { bodyBytes: 1024, commandTimeoutMs: 50, consistencyWaitMs: 50 },
    ...overrides,
  });
  let server: http.Server | undefined;
  let baseUrl = '';
  beforeAll(async () => {
    server = http.createServer(createApiServer(deps).callback());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });
  return { api: httpClient(() => baseUrl), backend, deps };
}
