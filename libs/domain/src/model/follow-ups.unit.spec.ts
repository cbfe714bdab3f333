import { attachPortCmd, deleteCmd, idOf, labThrough, meta } from '../../test/lab';
import { provisioningSucceeded } from '../state/state-events';
import { followUpCommands } from './follow-ups';

const GW = idOf('gw_interface');
const ELP_A = 'e30fdd19-2f48-422e-9c68-7c59a0e2fae8';
const PORT_A = '5eebab65-bf2f-4ac2-969a-15d6ccbfdd4b';
const m = meta();
const target = (resource_type: string, id: string) => ({ resource_type, id, tenant_id: 't' });

describe('Follow-up commands', () => {
  describe("When a gw_interface's ese_logical_port was created on the routers' side", () => {
    it('should attach its port, once', () => {
      const lab = labThrough('gw_interface');
      const result = provisioningSucceeded(target('ese_logical_port', ELP_A), {
        action: 'create',
        config_version: 1,
        router: null,
      });
      expect(followUpCommands(lab.model, result, m)).toEqual([
        { kind: 'attach_port', resource_type: 'port', id: PORT_A, meta: m },
      ]);
      lab.run(attachPortCmd(PORT_A));
      expect(followUpCommands(lab.model, result, m)).toEqual([]);
    });
  });

  describe('When a deletion succeeded on the routers', () => {
    it('should complete the gw_interface (its ports and ELPs go with it), not the children', () => {
      const lab = labThrough('gw_interface');
      lab.run(deleteCmd('gw_interface', GW));
      const done = provisioningSucceeded(target('gw_interface', GW), {
        action: 'delete',
        config_version: 2,
        router: null,
      });
      expect(followUpCommands(lab.model, done, m)).toEqual([
        { kind: 'complete_delete', resource_type: 'gw_interface', id: GW, meta: m },
      ]);
      const child = provisioningSucceeded(target('port', PORT_A), {
        action: 'delete',
        config_version: 2,
        router: null,
      });
      expect(followUpCommands(lab.model, child, m)).toEqual([]);
    });

    it('should do nothing for a resource not marked for deletion or unknown', () => {
      const lab = labThrough('gw_interface');
      expect(
        followUpCommands(
          lab.model,
          provisioningSucceeded(target('gw_interface', GW), {
            action: 'delete',
            config_version: 1,
            router: null,
          }),
          m,
        ),
      ).toEqual([]);
      expect(
        followUpCommands(
          lab.model,
          provisioningSucceeded(target('gw_interface', 'nope'), {
            action: 'create',
            config_version: 1,
            router: null,
          }),
          m,
        ),
      ).toEqual([]);
    });
  });
});
