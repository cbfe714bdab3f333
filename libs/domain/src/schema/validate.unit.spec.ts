import { ValidationError } from '../errors';
import { schemaById } from '../resources';
import {
  applyDefaults,
  completeBody,
  createBodySchema,
  isNullable,
  updateBodySchema,
  validateCreate,
  validateUpdate,
} from './validate';
import { matchesFormat } from './formats';

const gw = schemaById('gw_interface')!;
const vpnInterface = schemaById('vpn_interface')!;
const subnet = schemaById('subnet')!;

const gwBody = {
  name: 'gw',
  network_id: 'n',
  vrid: 20,
  service_type: 'vpn',
  primary_ipv4: '172.16.101.152',
  secondary_ipv4: '172.16.101.153',
  gw_vipv4: '172.16.101.151',
  netmask: 24,
  vpn_gw_id: 'g',
};

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('Schema validation', () => {
  describe('When a create body is valid', () => {
    it('should return it unchanged', () => {
      expect(validateCreate(gw, gwBody)).toBe(gwBody);
    });
  });

  describe('When a create body breaks the schema', () => {
    it("should name the missing required field in Gohan's form", () => {
      const { vrid: _vrid, ...body } = gwBody;
      expect(messageOf(() => validateCreate(gw, body))).toBe(
        'Validation error: Json validation error:\n\t(root): vrid is required,',
      );
    });

    it('should refuse an unknown or server-managed property', () => {
      expect(messageOf(() => validateCreate(gw, { ...gwBody, status: 'ACTIVE' }))).toBe(
        'Validation error: Json validation error:\n\t(root): Additional property status is not allowed,',
      );
    });

    it('should report a wrong type with gojsonschema wording', () => {
      expect(messageOf(() => validateCreate(gw, { ...gwBody, name: 3 }))).toContain(
        '\n\tname: Invalid type. Expected: string, given: integer,',
      );
      expect(messageOf(() => validateCreate(gw, { ...gwBody, vrid: 2.5 }))).toContain(
        'vrid: Invalid type. Expected: integer, given: number,',
      );
      expect(messageOf(() => validateCreate(gw, { ...gwBody, vpn_gw_id: 5 }))).toContain(
        'vpn_gw_id: Invalid type. Expected: string,null, given: integer,',
      );
    });

    it('should report enum, format and range violations naming the field', () => {
      const message = messageOf(() =>
        validateCreate(gw, { ...gwBody, service_type: 'mpls', gw_vipv4: '172.16.101.300', vrid: 256 }),
      );
      expect(message).toContain(
        '\n\tservice_type: service_type must be one of the following: "aws", "azure", "gcp", "vpn", "internet", "interdc",',
      );
      expect(message).toContain("\n\tgw_vipv4: Does not match format 'ipv4',");
      expect(message).toContain('\n\tvrid: Must be less than or equal to 255,');
    });

    it('should validate nested objects with dotted field names', () => {
      const body = {
        vpn_gw_id: 'g',
        bgp_remote_as: '9598',
        bgp_md5: 'k',
        primary: { bgp_peer_ip: '192.168.8.1', bgp_router_id: '192.168.8.2', ip_address: 'nope' },
        secondary: { bgp_peer_ip: '192.168.8.5', bgp_router_id: '192.168.8.6' },
      };
      const message = messageOf(() => validateCreate(vpnInterface, body));
      expect(message).toContain("\n\tprimary.ip_address: Does not match format 'ipv4-address-with-cidr',");
      expect(message).toContain('\n\tsecondary: ip_address is required,');
    });

    it('should validate array items with indexed field names', () => {
      const message = messageOf(() =>
        validateCreate(subnet, { network_id: 'n', cidr: '10.0.0.0/24', dns_nameservers: ['8.8.8.8', 'x'] }),
      );
      expect(message).toBe(
        "Validation error: Json validation error:\n\tdns_nameservers.1: Does not match format 'ipv4',",
      );
    });

    it('should refuse a body that is not an object', () => {
      expect(messageOf(() => validateCreate(gw, []))).toContain(
        '(root): Invalid type. Expected: object, given: array,',
      );
    });
  });

  describe('When an update body is validated', () => {
    it('should accept only the fields with update permission and require nothing', () => {
      expect(validateUpdate(gw, { name: 'renamed' })).toEqual({ name: 'renamed' });
      expect(validateUpdate(gw, {})).toEqual({});
    });

    it('should refuse a create-only field like vrid or tenant_id', () => {
      expect(messageOf(() => validateUpdate(gw, { vrid: 21 }))).toBe(
        'Validation error: Json validation error:\n\t(root): Additional property vrid is not allowed,',
      );
      expect(messageOf(() => validateUpdate(gw, { tenant_id: 't' }))).toContain(
        'Additional property tenant_id is not allowed',
      );
    });
  });

  describe('When body schemas are derived', () => {
    it('should hold create fields in the create schema and update fields in the update schema', () => {
      expect(Object.keys(createBodySchema(gw).properties!)).toContain('vrid');
      expect(Object.keys(updateBodySchema(gw).properties!).sort()).toEqual(['description', 'name']);
      expect(createBodySchema(gw).additionalProperties).toBe(false);
      expect(updateBodySchema(gw).required).toEqual([]);
    });
  });

  describe('When defaults are applied', () => {
    it('should fill absent properties, recursively, without touching the input', () => {
      const input = { network_id: 'n' };
      const port = applyDefaults(schemaById('port')!, input);
      expect(port).toMatchObject({
        admin_state_up: true,
        fixed_ips: [],
        segmentation_type: 'flat',
        segmentation_id: 0,
        'binding:vif_type': 'vrouter',
        tags: {},
      });
      expect(input).toEqual({ network_id: 'n' });
      expect(
        applyDefaults(schemaById('port')!, { network_id: 'n', segmentation_type: null })['segmentation_type'],
      ).toBeNull();
    });

    it('should give every absent property without default null in the complete body', () => {
      const body = completeBody(gw, gwBody);
      expect(body).toMatchObject({
        gw_vipv6: null,
        aws_gw_id: null,
        public_ip_id: null,
        description: '',
        status: 'NO_STATE',
      });
      expect(Object.keys(body).sort()).toEqual(Object.keys(gw.schema.properties).sort());
    });

    it("should follow Gohan's nullability rule", () => {
      expect(isNullable(gw, 'vpn_gw_id')).toBe(true);
      expect(isNullable(gw, 'vrid')).toBe(false);
      expect(isNullable(gw, 'description')).toBe(false);
      expect(isNullable(schemaById('port')!, 'mac_address')).toBe(true);
    });
  });

  describe('When formats are checked', () => {
    it.each([
      ['ipv4', '10.0.0.1', true],
      ['ipv4', '10.0.0.01', false],
      ['ipv4', '10.0.0', false],
      ['cidr', '172.16.101.0/24', true],
      ['cidr', '172.16.101.0/33', false],
      ['cidr-or-ipv4', '192.168.0.1', true],
      ['cidr-or-ipv4', '192.168.0.0/24', true],
      ['ipv4-network', '192.168.0.1/24', false],
      ['mac', 'fa:16:3e:7b:eb:e8', true],
      ['mac', 'fa:16:3e:7b:eb', false],
      ['uuid', '3dbcfce5-bca5-4182-991a-c23de685fcf1', true],
      ['uuid', 'b3e3095c0a5b4383805efe9cf2a6b5ef', true],
      ['hyph-uuid', 'b3e3095c0a5b4383805efe9cf2a6b5ef', false],
      ['hostname', 'QFX-NW02', true],
      ['hostname', '-bad', false],
      ['unknown-format', 'anything', true],
    ])('%s %s → %s', (format, value, ok) => {
      expect(matchesFormat(format, value)).toBe(ok);
    });
  });
});
