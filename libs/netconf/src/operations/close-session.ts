// RFC 6241 §7.8 (<close-session>: release locks and resources, then close the session).
import type { RpcReply } from '../rpc';
import type { Operation } from './operation';
import { expectOk } from './operation';

export const closeSession: Operation<void, RpcReply> = {
  name: 'close-session',
  build: () => '<close-session/>',
  parse: (reply) => expectOk(reply, 'close-session'),
};
