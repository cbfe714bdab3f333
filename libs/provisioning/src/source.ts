// The resources as the routers should see them, for the renderers of @gohan-es/junos: every
// provisioned resource at the version that is on the routers (`applied`), except the resources of
// the batch being applied, which count at their newest version (or not at all when being deleted).
// Resources never applied (a failed create) stay out, and so does everything inside a vpn_gateway
// that stays out. Secret fields (vpn_interface.bgp_md5) are decrypted here, only in the
// provisioner, because the device needs them in clear (DOMAIN.md §10.10).
import { isRenderedType, resolveGraph } from '@gohan-es/junos';
import type { ResourceRef, ResourceSource, RouterPairView } from '@gohan-es/junos';
import { listResources, schemaById } from '@gohan-es/domain';
import type { ResourceBody } from '@gohan-es/domain';
import { decryptSecretFields } from '@gohan-es/events';
import type { Tracker } from './tracker';
import { keyOf } from './tracker';

export interface DesiredSource {
  source: ResourceSource;
  /** Rendered resources left out (never applied, or being deleted), for desiredConfig's `exclude`. */
  exclude: ResourceRef[];
}

/** The edge_router to connect to, with its password still encrypted. */
export interface RouterTarget {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly login: string;
  readonly password: string;
}

function decrypt(type: string, body: ResourceBody, secretsKey: string): ResourceBody {
  const schema = schemaById(type);
  return schema === undefined ? body : decryptSecretFields(schema, body, secretsKey);
}

/**
 * The source for `batch` (keys of resources applied at their newest version). With an empty batch
 * it is what the routers should have now.
 */
export function desiredSource(
  tracker: Tracker,
  batch: ReadonlySet<string>,
  secretsKey: string,
): DesiredSource {
  const cache = new Map<string, ResourceBody | undefined>();
  const exclude: ResourceRef[] = [];
  const listed = (type: string, id: string): ResourceBody | undefined => {
    const record = tracker.record(type, id);
    if (record === undefined) return undefined;
    const tracked = tracker.get(type, id);
    if (tracked === undefined || batch.has(keyOf(type, id)))
      return record.marked_for_deletion ? undefined : record.body;
    return tracked.applied?.body ?? undefined;
  };
  const get = (type: string, id: string): ResourceBody | undefined => {
    const key = keyOf(type, id);
    if (cache.has(key)) return cache.get(key);
    const record = tracker.record(type, id);
    const body = record === undefined ? undefined : (listed(type, id) ?? record.body);
    const clear = body === undefined ? undefined : decrypt(type, body, secretsKey);
    cache.set(key, clear);
    return clear;
  };
  for (const tracked of tracker.all()) {
    if (isRenderedType(tracked.type) && listed(tracked.type, tracked.id) === undefined)
      exclude.push({ type: tracked.type, id: tracked.id });
  }
  const source: ResourceSource = {
    get,
    list: (type) =>
      listResources(tracker.model, type)
        .filter((r) => listed(type, r.id) !== undefined)
        .map((r) => get(type, r.id)!),
  };
  return { source, exclude };
}

/** The HA pair a resource is configured on (children: their gw_interface's), or undefined. */
export function pairOf(
  tracker: Tracker,
  source: ResourceSource,
  type: string,
  id: string,
): RouterPairView | undefined {
  const parent = tracker.parentOf(type, id);
  if (parent !== undefined) {
    const [ptype, pid] = parent.split('/') as [string, string];
    return pairOf(tracker, source, ptype, pid);
  }
  if (!isRenderedType(type)) return undefined;
  return resolveGraph(source.get, type, id)?.gateway.routers;
}

/** Connection data of an edge_router (the password stays encrypted until the session opens). */
export function routerTarget(tracker: Tracker, edgeRouterId: string): RouterTarget | undefined {
  const body = tracker.record('edge_router', edgeRouterId)?.body;
  if (body === undefined) return undefined;
  const name = typeof body['name'] === 'string' && body['name'] !== '' ? body['name'] : String(body['ip']);
  return {
    id: edgeRouterId,
    name,
    host: String(body['ip']),
    port: typeof body['ssh_port'] === 'number' ? body['ssh_port'] : 830,
    login: String(body['login'] ?? ''),
    password: String(body['password'] ?? ''),
  };
}
