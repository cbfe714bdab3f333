// RFC 6241 §7.1 (<get-config>) and §7.7 (<get>), with §6 subtree filtering.
import type { DataReply } from '../rpc';
import { toDataReply } from '../rpc';
import type { Datastore, Operation } from './operation';
import { datastoreXml } from './operation';

export interface GetConfigArgs {
  source: Datastore;
  /** Subtree filter content (the children of <filter type="subtree">). */
  filter?: string;
}

export interface GetArgs {
  filter?: string;
}

function filterXml(filter: string | undefined): string {
  return filter === undefined ? '' : `<filter type="subtree">${filter}</filter>`;
}

export const getConfig: Operation<GetConfigArgs, DataReply> = {
  name: 'get-config',
  build: ({ source, filter }) =>
    `<get-config><source>${datastoreXml(source)}</source>${filterXml(filter)}</get-config>`,
  parse: toDataReply,
};

export const get: Operation<GetArgs | undefined, DataReply> = {
  name: 'get',
  build: (args) => {
    const f = filterXml(args?.filter);
    return f ? `<get>${f}</get>` : '<get/>';
  },
  parse: toDataReply,
};
