// RFC 6241 §8.6.4.1 (<validate>, the :validate capability; Junos "commit check").
import type { RpcReply } from '../rpc';
import type { Datastore, Operation } from './operation';
import { datastoreXml, expectOk } from './operation';

export interface ValidateArgs {
  source: Datastore;
}

export const validate: Operation<ValidateArgs, RpcReply> = {
  name: 'validate',
  build: ({ source }) => `<validate><source>${datastoreXml(source)}</source></validate>`,
  parse: (reply) => expectOk(reply, 'validate'),
};
