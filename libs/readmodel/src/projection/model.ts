// The projection model: the domain's resource schemas, event catalogue and state machines
// (applyStateEvent with Gohan's version guards, recomputeStatus). The reducer takes it as a
// parameter so tests can observe or replace a piece; by default it is the domain itself.
import { applyStateEvent, recomputeStatus, resourceEventKind, resourceSchemas } from '@gohan-es/domain';
import type {
  DomainEvent,
  ResourceSchema,
  ResourceState,
  StateContext,
  StateOutcome,
} from '@gohan-es/domain';
import type { EventKind } from './types';

export interface ProjectionModel {
  schemaFor(resourceType: string): ResourceSchema | undefined;
  classify(event: DomainEvent): EventKind;
  /** The domain's applyStateEvent: every event of a resource → its new state, or a guard's refusal. */
  evolve(current: ResourceState | undefined, event: DomainEvent, context: StateContext): StateOutcome;
  /** The status implied by a state (re-evaluated for a port when its ese_logical_port changes). */
  recomputeStatus(state: ResourceState, context: StateContext): string | null;
}

/** The catalogue's kind, with observations told apart from provisioning results. */
export function classifyByCatalog(event: DomainEvent): EventKind {
  const kind = resourceEventKind(event.event_type);
  if (kind === undefined) return 'ignored';
  return kind === 'result' ? 'state' : kind;
}

export function createProjectionModel(
  overrides: Partial<ProjectionModel> & { schemas?: readonly ResourceSchema[] } = {},
): ProjectionModel {
  const { schemas = resourceSchemas, ...parts } = overrides;
  const byId = new Map(schemas.map((s) => [s.id, s]));
  return {
    schemaFor: (type) => byId.get(type),
    classify: classifyByCatalog,
    evolve: applyStateEvent,
    recomputeStatus,
    ...parts,
  };
}

let cached: ProjectionModel | undefined;

/** The model of @gohan-es/domain. */
export function defaultProjectionModel(): ProjectionModel {
  cached ??= createProjectionModel();
  return cached;
}
