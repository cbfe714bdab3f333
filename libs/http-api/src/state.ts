// Typed Koa state (STYLE.md #8): what the middlewares establish for the handlers.
import type { ParameterizedContext } from 'koa';
import type { Identity } from './auth/tokens';

export interface ApiState {
  /** X-Request-Id of the request (the client's, or a fresh UUID); echoed in the response. */
  requestId: string;
  /** The caller, set by the auth middleware; every resource handler runs after it. */
  auth: Identity;
  /** The command a write published (also echoed as X-Command-Id). */
  commandId?: string;
}

export type ApiContext = ParameterizedContext<ApiState>;
