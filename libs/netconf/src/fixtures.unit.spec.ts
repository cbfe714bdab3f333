// Replies recorded from the simulated routers (test/fixtures/<profile>/<rpc-name>.xml) parse to
// the typed results the provisioner relies on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RpcError } from './errors';
import type { RpcReply } from './rpc';
import { parseRpcReply, toDataReply } from './rpc';

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../test/fixtures/simulator', `${name}.xml`), 'utf8');

function rpcErrorOf(name: string): RpcError {
  try {
    parseRpcReply(fixture(name), name);
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error(`${name}: expected an RpcError`);
}

describe('recorded simulator replies', () => {
  it.each(['lock', 'edit-config', 'commit'])('should parse %s as <ok/>', (name) => {
    const reply: RpcReply = parseRpcReply(fixture(name), name);
    expect(reply).toMatchObject({ ok: true, warnings: [] });
  });

  it('should parse get-config data with lists as arrays', () => {
    const reply = toDataReply(parseRpcReply(fixture('get-config'), 'get-config'));
    expect(reply.data).toEqual({
      configuration: {
        interfaces: {
          interface: [
            {
              name: 'ge-0/0/7',
              unit: [
                {
                  name: '100',
                  description: 'fixture',
                  'vlan-id': '100',
                  family: {
                    inet: {
                      address: [
                        {
                          name: '192.0.2.2/24',
                          'vrrp-group': [{ name: '20', 'virtual-address': ['192.0.2.1'], priority: '200' }],
                        },
                      ],
                    },
                  },
                },
              ],
            },
          ],
        },
      },
    });
    expect(
      reply.dataXml.trim().startsWith('<configuration xmlns="http://yang.juniper.net/junos/conf/root">'),
    ).toBe(true);
  });

  it('should type lock-denied with the holder session-id', () => {
    expect(rpcErrorOf('lock-denied')).toMatchObject({
      type: 'protocol',
      tag: 'lock-denied',
      severity: 'error',
      appTag: 'no-access',
      deviceMessage: 'lock denied',
      info: { 'session-id': '63', 'error-number': '268' },
    });
  });

  it('should type data-missing with its error-path', () => {
    expect(rpcErrorOf('edit-config-data-missing')).toMatchObject({
      type: 'application',
      tag: 'data-missing',
      appTag: 'data-incomplete',
      path: "/nc:rpc/nc:edit-config/nc:config/jc:configuration/jc:interfaces/jc:interface[jc:name='ge-0/0/99']",
      deviceMessage: 'data missing',
    });
  });

  it('should type invalid-value with the bad value', () => {
    const err = rpcErrorOf('edit-config-invalid-value');
    expect(err).toMatchObject({
      tag: 'invalid-value',
      appTag: 'not-in-range',
      info: { 'bad-value': '5000' },
    });
    expect(err.message).toBe(
      "edit-config-invalid-value failed: invalid-value: value not in range (path /nc:rpc/nc:edit-config/nc:config/jc:configuration/jc:interfaces/jc:interface[jc:name='ge-0/0/7']/jc:unit[jc:name='100']/jc:vlan-id)",
    );
  });
});
