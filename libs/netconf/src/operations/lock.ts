// RFC 6241 §7.5 (<lock>) and §7.6 (<unlock>).
import type { RpcReply } from '../rpc';
import type { Datastore, Operation } from './operation';
import { datastoreXml, expectOk } from './operation';

export interface LockArgs {
  target: Datastore;
}

export const lock: Operation<LockArgs, RpcReply> = {
  name: 'lock',
  build: ({ target }) => `<lock><target>${datastoreXml(target)}</target></lock>`,
  parse: (reply) => expectOk(reply, 'lock'),
};

export const unlock: Operation<LockArgs, RpcReply> = {
  name: 'unlock',
  build: ({ target }) => `<unlock><target>${datastoreXml(target)}</target></unlock>`,
  parse: (reply) => expectOk(reply, 'unlock'),
};
