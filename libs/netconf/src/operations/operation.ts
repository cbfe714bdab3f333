// RFC 6241 §7 (protocol operations): the shape shared by every operation — an `args → XML`
// builder plus a reply parser — so each is testable without a socket.
import type { RpcErrorDetail } from '../errors';
import { RpcError } from '../errors';
import type { RpcReply } from '../rpc';

/** A NETCONF operation: `build` makes the XML inside <rpc>, `parse` interprets the reply. */
export interface Operation<A, R> {
  readonly name: string;
  build(args: A): string;
  parse(reply: RpcReply): R;
}

/** Datastores of RFC 6241 §5.1 (startup needs :startup). */
export type Datastore = 'running' | 'candidate' | 'startup';

export function datastoreXml(ds: Datastore): string {
  if (ds !== 'running' && ds !== 'candidate' && ds !== 'startup') {
    throw new TypeError(`unknown datastore ${String(ds)}`);
  }
  return `<${ds}/>`;
}

/** Parser for operations answered by <ok/> (RFC 6241 §4.4); warnings stay on the reply. */
export function expectOk(reply: RpcReply, rpc = 'rpc'): RpcReply {
  if (reply.ok) return reply;
  const detail: RpcErrorDetail = {
    type: 'protocol',
    tag: 'malformed-message',
    severity: 'error',
    message: 'reply has neither <ok/> nor <rpc-error>',
    info: {},
  };
  throw new RpcError([detail, ...reply.warnings], rpc, reply.messageId, '');
}
