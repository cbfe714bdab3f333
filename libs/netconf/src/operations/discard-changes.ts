// RFC 6241 §8.3.4.2 (<discard-changes>: reset the candidate to the running configuration).
import type { RpcReply } from '../rpc';
import type { Operation } from './operation';
import { expectOk } from './operation';

export const discardChanges: Operation<void, RpcReply> = {
  name: 'discard-changes',
  build: () => '<discard-changes/>',
  parse: (reply) => expectOk(reply, 'discard-changes'),
};
