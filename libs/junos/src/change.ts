// What one resource change (create, update, delete) does to each router of its pair, rendered as
// edit-config XML for the device and as `[edit ...]` text for dry-run output and logs. Both come from
// one diff between the router's desired config without and with the resource (with its previous
// and its new body for an update), so context (`[edit ... protocols bgp]`, `group CloudGW1 { ... }`)
// follows the desired state, and a delete names exactly the nodes no other resource still needs.
// planRouter is the convergent form: desired config against what the router actually has.
import type { ResourceBody } from '@gohan-es/domain';
import { desiredConfig, withBody, withoutSubtrees, type ResourceRef, type ResourceSource } from './desired';
import { detectDrift, diffConfig, managedScope, type ConfigDiff } from './diff';
import { diffToEditXml, type DeleteOperation } from './edit';
import { GraphResolutionError, ROLES, resolveGraph, type EdgeRouterView, type Role } from './graph';
import { renderFragment } from './renderers';
import type { SecretDisplay } from './secret';
import { renderDiffText } from './text';
import { mergeTrees, type ConfigPath, type ConfigTree } from './tree';

export type ChangeAction = 'create' | 'update' | 'delete';

export interface RenderOptions {
  /** xmlns of `<configuration>` (JUNOS_CONF_NAMESPACE for the simulator; none for a real Junos). */
  readonly namespace?: string;
  /** nc:operation for removed nodes (default 'delete'). */
  readonly deleteOperation?: DeleteOperation;
  /** Pretty-print the XML (default true). */
  readonly pretty?: boolean;
  /** Secrets in the text: 'mask' (default). The XML always carries the clear key for the device. */
  readonly textSecrets?: SecretDisplay;
  /** End the text with a blank line and `[edit]`, as the router prints (default true). */
  readonly trailer?: boolean;
}

export interface ChangeOptions extends RenderOptions {
  /**
   * The router's configuration outside what Gohan-ES manages (pre-provisioned interfaces, other
   * VRFs), for `[edit ...]` context only; may be the whole running config: managed subtrees are
   * ignored in it. Without it the text is relative to the desired state alone.
   */
  readonly base?: ConfigTree;
  /** For an update: the resource's body before the change. */
  readonly previous?: ResourceBody;
}

export interface RenderedChange {
  readonly diff: ConfigDiff;
  /** edit-config `<configuration>` (clear secrets), undefined when nothing changes. */
  readonly xml: string | undefined;
  /** `[edit ...]` text with masked secrets, '' when nothing changes. */
  readonly text: string;
}

export interface RouterChange extends RenderedChange {
  readonly role: Role;
  readonly router: EdgeRouterView;
}

/** Renders a diff both ways. */
export function renderChange(diff: ConfigDiff, options: RenderOptions = {}): RenderedChange {
  return {
    diff,
    xml: diffToEditXml(diff, {
      namespace: options.namespace,
      deleteOperation: options.deleteOperation,
      pretty: options.pretty,
    }),
    text: renderDiffText(diff, { secrets: options.textSecrets ?? 'mask', trailer: options.trailer }),
  };
}

/**
 * The change on each router of the resource's HA pair, primary first. The resource must be
 * resolvable through `resources.get` (for a delete: still there, marked for deletion).
 * Types without router config give [].
 */
export function resourceChange(
  resources: ResourceSource,
  ref: ResourceRef,
  action: ChangeAction,
  options: ChangeOptions = {},
): RouterChange[] {
  const view = resolveGraph(resources.get, ref.type, ref.id);
  if (view === undefined) return [];
  let previousView = view;
  if (action === 'update') {
    if (options.previous === undefined)
      throw new GraphResolutionError(`update of ${ref.type} ${ref.id} needs the previous body`);
    previousView = resolveGraph(withBody(resources, ref, options.previous).get, ref.type, ref.id) ?? view;
  }
  return ROLES.map((role) => {
    const router = view.gateway.routers[role];
    const without = desiredConfig(resources, router.id, { exclude: [ref] });
    const withNew = mergeTrees([without, renderFragment(view, role)]);
    const before =
      action === 'create'
        ? without
        : action === 'delete'
          ? withNew
          : mergeTrees([without, renderFragment(previousView, role)]);
    const after = action === 'delete' ? without : withNew;
    const base =
      options.base === undefined
        ? undefined
        : withoutSubtrees(options.base, managedScope(mergeTrees([before, after], 'right')));
    const onBase = (t: ConfigTree) => (base === undefined ? t : mergeTrees([base, t], 'right'));
    return { role, router, ...renderChange(diffConfig(onBase(after), onBase(before)), options) };
  });
}

/**
 * Convergent form: what to push so `actual` (parsed get-config) becomes `desired`, limited to the
 * subtrees Gohan-ES manages (managedScope(desired) plus `extraScope`, e.g. units and VRFs of
 * gateways being deleted). An empty diff means the router is in sync: applying twice changes nothing.
 */
export function planRouter(
  desired: ConfigTree,
  actual: ConfigTree,
  options: RenderOptions & { readonly extraScope?: readonly ConfigPath[] } = {},
): RenderedChange {
  return renderChange(detectDrift(desired, actual, options.extraScope ?? []), options);
}
