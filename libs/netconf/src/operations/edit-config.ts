// RFC 6241 §7.2 (<edit-config>). Per-node operations (merge, replace, create, delete, remove) are
// `operation` attributes (base 1.0 namespace) inside the config XML the caller builds.
import type { RpcReply } from '../rpc';
import type { Datastore, Operation } from './operation';
import { datastoreXml, expectOk } from './operation';

export type DefaultOperation = 'merge' | 'replace' | 'none';
export type TestOption = 'test-then-set' | 'set' | 'test-only';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export interface EditConfigArgs {
  /** Default 'candidate'. */
  target?: Datastore;
  /** Omitted from the XML when unset (the device default is merge). */
  defaultOperation?: DefaultOperation;
  testOption?: TestOption;
  errorOption?: ErrorOption;
  /** The children of <config>, e.g. `<configuration xmlns="...">...</configuration>`. */
  config: string;
}

const DEFAULT_OPS: readonly string[] = ['merge', 'replace', 'none'];
const TEST_OPTIONS: readonly string[] = ['test-then-set', 'set', 'test-only'];
const ERROR_OPTIONS: readonly string[] = ['stop-on-error', 'continue-on-error', 'rollback-on-error'];

function option(name: string, value: string | undefined, allowed: readonly string[]): string {
  if (value === undefined) return '';
  if (!allowed.includes(value)) throw new TypeError(`edit-config: invalid ${name} ${value}`);
  return `<${name}>${value}</${name}>`;
}

export const editConfig: Operation<EditConfigArgs, RpcReply> = {
  name: 'edit-config',
  build: (args) =>
    '<edit-config>' +
    `<target>${datastoreXml(args.target ?? 'candidate')}</target>` +
    option('default-operation', args.defaultOperation, DEFAULT_OPS) +
    option('test-option', args.testOption, TEST_OPTIONS) +
    option('error-option', args.errorOption, ERROR_OPTIONS) +
    `<config>${args.config}</config>` +
    '</edit-config>',
  parse: (reply) => expectOk(reply, 'edit-config'),
};
