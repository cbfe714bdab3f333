// Golden files (STYLE.md #3): the seed's resources rendered for MX-1 (secondary) and MX-2
// (primary). The *.create.<router>.txt files are the router diffs of DOMAIN.md §2.2/§4.1 copied
// verbatim from vpn_flow_fixtures.json (`junos_config_diff`); they are never regenerated. The XML
// and the other texts are this renderer's output, reviewed and frozen: regenerate them with
// UPDATE_GOLDEN=1 npx jest libs/junos --selectProjects unit, and review the git diff.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junos9Encode, resourceChange, type ChangeAction, type ChangeOptions, type RouterChange } from '.';
import { IDS, LAB_BASE, ORDER, ROUTERS, ROUTER_KEY_SALT, golden, stage, type SeedType } from '../test/seed';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, actual: string | undefined): void {
  if (UPDATE) writeFileSync(join(__dirname, '..', 'test', 'golden', name), actual ?? '');
  expect(actual).toBe(golden(name));
}

/** The change of the seed resource `type` on `routerId`, with the resources created up to it. */
function change(
  type: SeedType,
  action: ChangeAction,
  routerId: string,
  options: ChangeOptions = {},
): RouterChange {
  const found = resourceChange(stage(type), { type, id: IDS[type] }, action, options).find(
    (c) => c.router.id === routerId,
  );
  if (found === undefined) throw new Error(`no change for ${routerId}`);
  return found;
}

/** Shows the key as each lab router stored it ($9$ with that router's salt), to compare with the seed. */
const asRouterShowedIt = (fixture: string) => (clear: string) =>
  junos9Encode(clear, ...ROUTER_KEY_SALT[fixture]);

describe('Junos renderers on the seed (golden files)', () => {
  describe.each(ORDER)('When a %s is created', (type) => {
    it.each(ROUTERS)(
      'should print the seed router diff of $label character for character',
      ({ label, id, fixture }) => {
        const { text } = change(type, 'create', id, {
          base: LAB_BASE,
          textSecrets: asRouterShowedIt(fixture),
        });
        expect(text).toBe(golden(`${type}.create.${label}.txt`));
      },
    );

    it.each(ROUTERS)('should render the edit-config XML for $label', ({ label, id }) => {
      expectGolden(
        `${type}.create.${label}.xml`,
        change(type, 'create', id, { namespace: 'http://yang.juniper.net/junos/conf/root' }).xml,
      );
    });

    it.each(ROUTERS)('should render the delete for $label', ({ label, id }) => {
      const deleted = change(type, 'delete', id, { base: LAB_BASE });
      expectGolden(`${type}.delete.${label}.xml`, deleted.xml);
      expectGolden(`${type}.delete.${label}.txt`, deleted.text);
    });
  });

  describe('When the text is for logs or a dry run', () => {
    it.each(ROUTERS)('should mask the BGP key for $label', ({ label, id }) => {
      const { text, xml } = change('vpn_interface', 'create', id, { base: LAB_BASE });
      expectGolden(`vpn_interface.create.${label}.masked.txt`, text);
      expect(text).toContain('authentication-key "********"; ## SECRET-DATA');
      expect(text).not.toContain('test');
      // The device still gets the clear key.
      expect(xml).toContain('<authentication-key>test</authentication-key>');
    });
  });

  describe('When the router has nothing but what Gohan-ES configured (no base)', () => {
    it.each(ROUTERS)(
      'should add the whole hierarchy of a vpn_gateway from [edit] on $label',
      ({ label, id }) => {
        expectGolden(`vpn_gateway.create.${label}.bare-router.txt`, change('vpn_gateway', 'create', id).text);
      },
    );

    it.each(['vpn_interface', 'gw_interface', 'static_route'] as const)(
      'should print the same %s text as with the lab base (context from the desired state)',
      (type) => {
        for (const { label, id, fixture } of ROUTERS)
          expect(change(type, 'create', id, { textSecrets: asRouterShowedIt(fixture) }).text).toBe(
            golden(`${type}.create.${label}.txt`),
          );
      },
    );
  });

  describe('When a gw_interface is created before its vpn_interface (DOMAIN.md §10.2)', () => {
    it('should show no CloudGW1 context and add protocols bgp itself', () => {
      const resources = stage('gw_interface', { vpn_interface: [] });
      const [primary] = resourceChange(resources, { type: 'gw_interface', id: IDS.gw_interface }, 'create');
      expect(primary.role).toBe('primary');
      expect(primary.text).toBe(
        [
          '[edit interfaces ae0 unit 1025 family inet]',
          '+       address 172.16.101.152/24 {',
          '+           vrrp-group 20 {',
          '+               virtual-address 172.16.101.151;',
          '+               priority 105;',
          '+           }',
          '+       }',
          '[edit routing-instances vrf_gw_sample-ha-router-downlink_1025]',
          '+    protocols {',
          '+        bgp {',
          '+            group inet-gw-group {',
          '+                apply-groups VPNGW1-RI-IBGP;',
          '+                local-address 172.16.101.152;',
          '+                peer-as 65101;',
          '+                neighbor 172.16.101.153;',
          '+            }',
          '+        }',
          '+    }',
          '',
          '[edit]',
        ].join('\n'),
      );
      // ...and its delete then takes protocols away again, since nothing else needs it.
      const [del] = resourceChange(resources, { type: 'gw_interface', id: IDS.gw_interface }, 'delete');
      expect(del.xml).toContain('<protocols nc:operation="delete"/>');
    });
  });

  describe('When changes go to the pair', () => {
    it('should list the primary router first', () => {
      const changes = resourceChange(
        stage('gw_interface'),
        { type: 'gw_interface', id: IDS.gw_interface },
        'create',
      );
      expect(changes.map((c) => [c.role, c.router.name, c.router.ip])).toEqual([
        ['primary', 'vMX-router-02', '10.79.5.185'],
        ['secondary', 'vMX-router-01', '10.79.5.184'],
      ]);
    });
  });
});
