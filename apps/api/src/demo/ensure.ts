// Idempotent creation of demo items: each item is looked up by name (scoped by its parent where
// names repeat, e.g. ae0 on both routers) and created only when missing. `@key` references in a
// body are resolved to the ids of items handled before.
import type { DemoClient, DemoResponse, Print } from './client';
import type { DemoItem } from './topology';

export interface EnsureResult {
  key: string;
  type: string;
  name: string;
  id: string;
  created: boolean;
  /** The POST response (created) or the current show (existing). */
  response: DemoResponse;
}

export class DemoIds {
  private readonly ids = new Map<string, string>();

  set(key: string, id: string): void {
    this.ids.set(key, id);
  }

  get(key: string): string {
    const id = this.ids.get(key);
    if (id === undefined) throw new Error(`demo: nothing named @${key} yet`);
    return id;
  }

  resolve(value: unknown): unknown {
    if (typeof value === 'string' && value.startsWith('@')) return this.get(value.slice(1));
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
    return value;
  }
}

function failure(what: string, res: DemoResponse): Error {
  return new Error(`demo: ${what} answered ${res.status}: ${res.text}`);
}

/** Finds an item by name (and scope); undefined when it does not exist. */
export async function findItem(
  client: DemoClient,
  token: string,
  item: DemoItem,
  ids: DemoIds,
): Promise<DemoResponse | undefined> {
  const query = new URLSearchParams({ name: String(item.body['name']) });
  if (item.scope) query.set(item.scope, String(ids.resolve(item.body[item.scope])));
  const list = await client.request('GET', `/v2.0/${item.plural}?${query.toString()}`, token);
  if (list.status !== 200) throw failure(`GET /v2.0/${item.plural}`, list);
  const found = (list.json?.[item.plural] ?? []) as { id: string }[];
  if (found.length === 0) return undefined;
  const show = await client.request('GET', `/v2.0/${item.plural}/${found[0]!.id}`, token);
  if (show.status !== 200) throw failure(`GET /v2.0/${item.plural}/${found[0]!.id}`, show);
  return show;
}

/** Looks the item up, creates it when missing, and records its id under its key. */
export async function ensureItem(
  client: DemoClient,
  token: string,
  item: DemoItem,
  ids: DemoIds,
): Promise<EnsureResult> {
  const body = ids.resolve(item.body) as Record<string, unknown>;
  const name = String(body['name']);
  const existing = await findItem(client, token, item, ids);
  let response = existing;
  if (!response) {
    response = await client.request('POST', `/v2.0/${item.plural}`, token, { [item.type]: body });
    if (response.status !== 201) throw failure(`POST /v2.0/${item.plural} (${name})`, response);
  }
  const id = String(response.json[item.type].id);
  ids.set(item.key, id);
  return { key: item.key, type: item.type, name, id, created: !existing, response };
}

/** Resolves items that must already exist (by name); throws naming what is missing. */
export async function requireItems(
  client: DemoClient,
  token: string,
  items: readonly DemoItem[],
  ids: DemoIds,
  hint: string,
): Promise<void> {
  for (const item of items) {
    const found = await findItem(client, token, item, ids);
    if (!found) throw new Error(`demo: ${item.type} ${String(item.body['name'])} not found — ${hint}`);
    ids.set(item.key, String(found.json[item.type].id));
  }
}

export const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

export function printJson(print: Print, value: unknown): void {
  for (const line of pretty(value).split('\n')) print(line);
}
