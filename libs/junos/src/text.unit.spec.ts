import {
  ConfigConflictError,
  configuration,
  container,
  diffConfig,
  editHeader,
  emptyConfig,
  entry,
  interfaceCompare,
  isJunos9,
  junos9Decode,
  junos9Encode,
  junosValue,
  leaf,
  leafList,
  mergeTrees,
  naturalCompare,
  renderConfigText,
  renderDiffText,
  secretClear,
} from '.';

describe('Junos text', () => {
  describe('When values are printed', () => {
    it('should quote only what is not one plain word', () => {
      expect(
        ['vpn_gw', 'ge-0/0/1.122', '192.168.0.0/24', 'two words', '', 'a;b', 'say "hi"'].map(junosValue),
      ).toEqual(['vpn_gw', 'ge-0/0/1.122', '192.168.0.0/24', '"two words"', '""', '"a;b"', '"say \\"hi\\""']);
    });
  });

  describe('When a tree is printed', () => {
    it('should use brackets for several values, one line for routes and `;` for empty presence nodes', () => {
      const tree = configuration(
        container(
          'interfaces',
          entry(
            'interface',
            'ae0',
            leaf('description', 'LAG to ESE'),
            entry('unit', '5', container('family', container('inet'))),
          ),
        ),
        container(
          'routing-instances',
          entry(
            'instance',
            'v',
            container(
              'routing-options',
              container('static', entry('route', '0.0.0.0/0', leafList('next-hop', '10.0.0.1', '10.0.0.2'))),
            ),
            container('protocols', container('bgp')),
          ),
        ),
      );
      expect(renderConfigText(tree)).toBe(
        [
          'interfaces {',
          '    ae0 {',
          '        description "LAG to ESE";',
          '        unit 5 {',
          '            family inet;',
          '        }',
          '    }',
          '}',
          'routing-instances {',
          '    v {',
          '        routing-options {',
          '            static {',
          '                route 0.0.0.0/0 next-hop [ 10.0.0.1 10.0.0.2 ];',
          '            }',
          '        }',
          '        protocols {',
          '            bgp;',
          '        }',
          '    }',
          '}',
        ].join('\n'),
      );
    });

    it('should print headers with key-only entries bare and others as name + key', () => {
      expect(editHeader([])).toBe('[edit]');
      expect(
        editHeader([
          { name: 'interfaces' },
          { name: 'interface', key: 'ae0' },
          { name: 'unit', key: '1025' },
          { name: 'family' },
          { name: 'inet' },
        ]),
      ).toBe('[edit interfaces ae0 unit 1025 family inet]');
    });

    it('should print nothing for an empty diff and no trailer when asked', () => {
      expect(renderDiffText(diffConfig(emptyConfig(), emptyConfig()))).toBe('');
      const added = diffConfig(
        configuration(container('interfaces', entry('interface', 'ae0'))),
        emptyConfig(),
      );
      expect(renderDiffText(added, { trailer: false })).toBe('[edit]\n+  interfaces {\n+      ae0;\n+  }');
    });
  });

  describe('When children are ordered', () => {
    it('should put physical interfaces before aggregates and the rest, numbers numerically', () => {
      expect(
        ['lo0', 'ae10', 'ge-0/0/10', 'ae2', 'xe-1/0/0', 'ge-0/0/2', 'ae2.100', 'ae2.20'].sort(
          interfaceCompare,
        ),
      ).toEqual(['ge-0/0/2', 'ge-0/0/10', 'xe-1/0/0', 'ae2', 'ae2.20', 'ae2.100', 'ae10', 'lo0']);
      expect(['10.0.0.10/32', '10.0.0.9/32', '9.0.0.0/8'].sort(naturalCompare)).toEqual([
        '9.0.0.0/8',
        '10.0.0.9/32',
        '10.0.0.10/32',
      ]);
    });

    it('should sort units by number and keep user-ordered groups in order when merging', () => {
      const a = configuration(
        container('interfaces', entry('interface', 'ae0', entry('unit', '1025'), entry('unit', '200'))),
      );
      const units =
        a.children[0].kind === 'container' && a.children[0].children[0].kind === 'entry'
          ? a.children[0].children[0].children
          : [];
      expect(units.map((u) => (u.kind === 'entry' ? u.key : ''))).toEqual(['200', '1025']);
      const g = (n: string) =>
        configuration(
          container(
            'routing-instances',
            entry('instance', 'v', container('protocols', container('bgp', entry('group', n)))),
          ),
        );
      expect(renderConfigText(mergeTrees([g('zeta'), g('alpha')]))).toContain(
        'group zeta;\n                group alpha;',
      );
    });

    it('should refuse conflicting leaves unless the later tree wins', () => {
      const d = (v: string) =>
        configuration(container('interfaces', entry('interface', 'ae0', leaf('description', v))));
      expect(() => mergeTrees([d('a'), d('b')])).toThrow(ConfigConflictError);
      expect(mergeTrees([d('a'), d('b')], 'right')).toEqual(d('b'));
    });
  });
});

describe('Junos $9$ secrets', () => {
  it('should decode what the lab routers stored for the key "test"', () => {
    expect(junos9Decode('$9$ZiGkPF39pOR/C')).toBe('test');
    expect(junos9Decode('$9$6eJ//u1SyK8xdev')).toBe('test');
  });

  it('should encode like Junos given the salt and padding', () => {
    expect(junos9Encode('test', 'Z', 'i')).toBe('$9$ZiGkPF39pOR/C');
    expect(junos9Encode('test', '6', 'eJ/')).toBe('$9$6eJ//u1SyK8xdev');
    for (const clear of ['', 'a', 'Secret key with spaces & symbols!', 'x'.repeat(40)])
      expect(junos9Decode(junos9Encode(clear, 'Q', 'abc'))).toBe(clear);
  });

  it('should leave non-$9$ values alone and reject malformed ones', () => {
    expect(isJunos9('test')).toBe(false);
    expect(secretClear('test')).toBe('test');
    expect(secretClear('$9$ZiGkPF39pOR/C')).toBe('test');
    expect(() => junos9Encode('x', '!', '')).toThrow('invalid salt');
    expect(() => junos9Encode('x', '6', 'e')).toThrow('needs 3 padding characters');
    expect(() => junos9Decode('$9$ZiGk')).toThrow('truncated');
  });
});
