import { randomBytes } from 'node:crypto';
import type { ResourceSchema } from '@gohan-es/domain';
import {
  decryptSecret,
  decryptSecretFields,
  encryptSecret,
  encryptSecretFields,
  isEncryptedSecret,
  SecretError,
  SECRET_PREFIX,
} from './secrets';

const key = randomBytes(32).toString('hex');
const otherKey = randomBytes(32).toString('hex');

describe('secrets (AES-256-GCM)', () => {
  it('should round-trip a secret with the same key', () => {
    const ciphertext = encryptSecret('s3cr3t-Pässword', key);
    expect(ciphertext.startsWith(SECRET_PREFIX)).toBe(true);
    expect(ciphertext).not.toContain('s3cr3t');
    expect(decryptSecret(ciphertext, key)).toBe('s3cr3t-Pässword');
  });

  it('should use a fresh IV for every encryption', () => {
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
  });

  it('should refuse a wrong key and tampered ciphertext', () => {
    const ciphertext = encryptSecret('secret', key);
    expect(() => decryptSecret(ciphertext, otherKey)).toThrow(SecretError);
    const raw = Buffer.from(ciphertext.slice(SECRET_PREFIX.length), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret(SECRET_PREFIX + raw.toString('base64url'), key)).toThrow(SecretError);
  });

  it('should refuse a key that is not 64 hex characters, without echoing it', () => {
    expect(() => encryptSecret('x', 'abc')).toThrow('64 hex characters');
    try {
      encryptSecret('x', 'zz'.repeat(32));
    } catch (error) {
      expect((error as Error).message).not.toContain('zz');
    }
  });

  it('should recognise the ciphertext shape only', () => {
    expect(isEncryptedSecret(encryptSecret('', key))).toBe(true);
    expect(isEncryptedSecret('password')).toBe(false);
    expect(isEncryptedSecret(`${SECRET_PREFIX}short`)).toBe(false);
    expect(isEncryptedSecret(`${SECRET_PREFIX}not base64!`)).toBe(false);
    expect(isEncryptedSecret(42)).toBe(false);
  });

  describe('secret fields of a resource body', () => {
    const schema = {
      id: 'edge_router',
      schema: {
        type: 'object',
        properties: {
          login: { type: 'string' },
          password: { type: 'string', secret: true },
          nested: { type: 'object', properties: { key: { type: 'string', secret: true } } },
        },
      },
    } as unknown as ResourceSchema;

    it('should encrypt every secret property (nested too) and decrypt them back', () => {
      const body = { login: 'esi', password: 'pw', nested: { key: 'k' } };
      const sealed = encryptSecretFields(schema, body, key);
      expect(sealed.login).toBe('esi');
      expect(isEncryptedSecret(sealed.password)).toBe(true);
      expect(isEncryptedSecret((sealed.nested as { key: string }).key)).toBe(true);
      expect(decryptSecretFields(schema, sealed, key)).toEqual(body);
    });

    it('should keep ciphertext, the empty string and null as they are', () => {
      const already = encryptSecret('pw', key);
      expect(encryptSecretFields(schema, { password: already }, key).password).toBe(already);
      expect(encryptSecretFields(schema, { password: '' }, key).password).toBe('');
      expect(encryptSecretFields(schema, { password: null }, key).password).toBeNull();
    });
  });
});
