// The compatibility guard: every schemas/avro/*.avsc must read events written with its previous
// committed version (CI fails otherwise), and no committed schema may disappear.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { incompatibility, previousCommittedVersion, trackedFiles } from './compat';
import { DEFAULT_SCHEMA_DIR } from './schema-set';

const REPO_ROOT = path.resolve(DEFAULT_SCHEMA_DIR, '../..');
const relative = (file: string) => path.relative(REPO_ROOT, file);

const v1 = { type: 'record', name: 'ThingCreated', namespace: 't', fields: [{ name: 'id', type: 'string' }] };
const v2ok = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
const v2bad = { ...v1, fields: [...v1.fields, { name: 'size', type: 'long' }] };

describe('compatibility guard', () => {
  describe('the mechanism (on a scratch repository)', () => {
    let dir: string;
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    const write = (schema: object) => writeFileSync(path.join(dir, 'Thing.avsc'), JSON.stringify(schema));

    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'gohan-compat-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should report "unavailable" outside a repository and "none" before the first commit', () => {
      expect(previousCommittedVersion(dir, 'Thing.avsc').status).toBe('unavailable');
      git('init', '-q');
      write(v1);
      expect(previousCommittedVersion(dir, 'Thing.avsc')).toEqual({ status: 'none' });
    });

    it('should find the previous version and tell a compatible change from an incompatible one', () => {
      git('init', '-q');
      write(v1);
      git('add', '.');
      git('commit', '-q', '-m', 'v1');
      write(v2bad);
      const previous = previousCommittedVersion(dir, 'Thing.avsc');
      expect(previous.status).toBe('found');
      const old = JSON.parse((previous as { text: string }).text) as object;
      expect(incompatibility(v2bad, old)).toMatch(/size/);
      expect(incompatibility(v2ok, old)).toBeUndefined();
      expect(previousCommittedVersion(dir, 'Other.avsc')).toEqual({ status: 'none' });
    });

    it('should list tracked schema files, also when deleted from disk', () => {
      git('init', '-q');
      write(v1);
      git('add', '.');
      git('commit', '-q', '-m', 'v1');
      rmSync(path.join(dir, 'Thing.avsc'));
      expect(trackedFiles(dir, '.')).toEqual(['Thing.avsc']);
    });
  });

  describe('schemas/avro', () => {
    const files = existsSync(DEFAULT_SCHEMA_DIR)
      ? readdirSync(DEFAULT_SCHEMA_DIR)
          .filter((f) => f.endsWith('.avsc'))
          .sort()
      : [];

    it('should have schemas', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files)('%s should read every event its previous committed version wrote', (file) => {
      const full = path.join(DEFAULT_SCHEMA_DIR, file);
      const current = JSON.parse(readFileSync(full, 'utf8')) as object;
      const previous = previousCommittedVersion(REPO_ROOT, relative(full));
      if (previous.status === 'unavailable') {
        console.warn(`compatibility of ${file} not checked: ${previous.reason}`);
        return;
      }
      if (previous.status === 'none') return; // a new event type
      const reason = incompatibility(current, JSON.parse(previous.text) as object);
      expect(
        reason === undefined
          ? 'compatible'
          : `${file} cannot read events of ${previous.sha.slice(0, 12)}: ${reason}`,
      ).toBe('compatible');
    });

    it('should keep every committed schema (old events must stay readable)', () => {
      const tracked = trackedFiles(REPO_ROOT, relative(DEFAULT_SCHEMA_DIR));
      if (tracked === undefined) return;
      const missing = tracked.filter((f) => !existsSync(path.join(REPO_ROOT, f)));
      expect(missing).toEqual([]);
    });
  });
});
