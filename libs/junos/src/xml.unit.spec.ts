import {
  ConfigParseError,
  JUNOS_CONF_NAMESPACE,
  configuration,
  container,
  desiredConfig,
  emptyConfig,
  entry,
  leaf,
  leafList,
  parseConfigXml,
  treeToXml,
} from '.';
import { ROUTERS, stage } from '../test/seed';

describe('Junos XML', () => {
  describe('When a rendered tree is parsed back', () => {
    it.each(ROUTERS)('should give the same tree for the full desired config of $label', ({ id }) => {
      const desired = desiredConfig(stage('static_route'), id);
      for (const options of [{ namespace: JUNOS_CONF_NAMESPACE }, {}, { pretty: false }])
        expect(parseConfigXml(treeToXml(desired, options))).toEqual(desired);
    });

    it('should keep values that need escaping and leaf-list order', () => {
      const tree = configuration(
        container(
          'interfaces',
          entry(
            'interface',
            'ae0',
            leaf('description', 'a & b <c> "d" \'e\''),
            entry('unit', '7', leafList('apply-groups', 'Z', 'A', 'M')),
          ),
        ),
      );
      const xml = treeToXml(tree, { pretty: false });
      expect(xml).toBe(
        '<configuration><interfaces><interface><name>ae0</name><description>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</description>' +
          '<unit><name>7</name><apply-groups>Z</apply-groups><apply-groups>A</apply-groups><apply-groups>M</apply-groups></unit>' +
          '</interface></interfaces></configuration>',
      );
      expect(parseConfigXml(xml)).toEqual(tree);
    });

    it('should mask secrets only when asked', () => {
      const tree = configuration(
        container(
          'routing-instances',
          entry(
            'instance',
            'v',
            container(
              'protocols',
              container(
                'bgp',
                entry('group', 'g', entry('neighbor', '10.0.0.1', leaf('authentication-key', 's3cret'))),
              ),
            ),
          ),
        ),
      );
      expect(treeToXml(tree, { pretty: false })).toContain('<authentication-key>s3cret</authentication-key>');
      expect(treeToXml(tree, { pretty: false, secrets: 'mask' })).toContain(
        '<authentication-key>********</authentication-key>',
      );
    });
  });

  describe('When a get-config reply is parsed', () => {
    it('should drop empty non-presence containers, nacm, attributes and keep presence containers and unknown nodes', () => {
      const reply = `<?xml version="1.0" encoding="UTF-8"?>
<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/*/junos" message-id="3">
  <data>
    <nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"/>
    <configuration xmlns="${JUNOS_CONF_NAMESPACE}" junos:changed-seconds="1">
      <routing-instances/>
      <interfaces>
        <interface>
          <name>ae0</name>
          <vlan-tagging/>
          <encapsulation>flexible-ethernet-services</encapsulation>
          <unit>
            <name>1025</name>
            <family><inet/></family>
          </unit>
          <unit><name>200</name><family/></unit>
        </interface>
        <interface inactive="inactive"><name>ge-0/0/1</name></interface>
      </interfaces>
    </configuration>
  </data>
</rpc-reply>`;
      expect(parseConfigXml(reply)).toEqual(
        configuration(
          container(
            'interfaces',
            entry('interface', 'ge-0/0/1'),
            entry(
              'interface',
              'ae0',
              entry('unit', '200'),
              entry('unit', '1025', container('family', container('inet'))),
              container('vlan-tagging'),
              leaf('encapsulation', 'flexible-ethernet-services'),
            ),
          ),
        ),
      );
    });

    it('should read an empty datastore as the empty configuration', () => {
      expect(
        parseConfigXml('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><data/></rpc-reply>'),
      ).toEqual(emptyConfig());
      expect(
        parseConfigXml(
          `<data><configuration xmlns="${JUNOS_CONF_NAMESPACE}"><interfaces/></configuration></data>`,
        ),
      ).toEqual(emptyConfig());
    });

    it('should refuse an rpc-error and broken XML', () => {
      expect(() =>
        parseConfigXml('<rpc-reply><rpc-error><error-tag>access-denied</error-tag></rpc-error></rpc-reply>'),
      ).toThrow(ConfigParseError);
      expect(() => parseConfigXml('<configuration><interfaces></configuration>')).toThrow(ConfigParseError);
    });
  });
});
