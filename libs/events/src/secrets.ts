// Secrets in events (DOMAIN.md §10.10): a property marked `secret: true` never travels in clear.
// AES-256-GCM with a 96-bit random IV; the ciphertext is self-describing text
//   enc:v1:<base64url(iv[12] ‖ tag[16] ‖ ciphertext)>
// so it fits an Avro string field and can be recognised (and a clear value refused) without the key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PropertySchema, ResourceBody, ResourceSchema } from '@gohan-es/domain';

export const SECRET_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretError extends Error {
  override readonly name: string = 'SecretError';
}

function keyBytes(keyHex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) {
    throw new SecretError('secrets key must be 64 hex characters (a 256-bit key)');
  }
  return Buffer.from(keyHex, 'hex');
}

/** Encrypts one secret value with the 64-hex key (config.secrets.key). Each call uses a fresh IV. */
export function encryptSecret(plaintext: string, keyHex: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keyHex), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SECRET_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Decrypts a value made by encryptSecret; throws SecretError on a wrong key or tampered text. */
export function decryptSecret(ciphertext: string, keyHex: string): string {
  if (!isEncryptedSecret(ciphertext)) throw new SecretError('not an encrypted secret');
  const raw = Buffer.from(ciphertext.slice(SECRET_PREFIX.length), 'base64url');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyHex), iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch (cause) {
    throw new SecretError('cannot decrypt secret (wrong key or tampered ciphertext)', { cause });
  }
}

/** True when the value has the ciphertext shape (does not need, nor check, the key). */
export function isEncryptedSecret(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith(SECRET_PREFIX)) return false;
  const body = value.slice(SECRET_PREFIX.length);
  return /^[A-Za-z0-9_-]+$/.test(body) && Buffer.from(body, 'base64url').length >= IV_BYTES + TAG_BYTES;
}

function mapSecrets(
  properties: Readonly<Record<string, PropertySchema>>,
  body: ResourceBody,
  convert: (value: string, path: string) => string,
  prefix: string,
): ResourceBody {
  const out: ResourceBody = { ...body };
  for (const [name, property] of Object.entries(properties)) {
    const value = out[name];
    if (value === undefined || value === null) continue;
    if (property.secret && typeof value === 'string') {
      if (value === '') continue; // an unset secret stays '' (it reveals nothing)
      out[name] = convert(value, `${prefix}${name}`);
    } else if (property.properties && typeof value === 'object' && !Array.isArray(value)) {
      out[name] = mapSecrets(property.properties, value, convert, `${prefix}${name}.`);
    }
  }
  return out;
}

/**
 * Encrypts every `secret: true` property of a resource body (values already encrypted, and the
 * empty string of an unset secret, are kept as they are).
 */
export function encryptSecretFields(
  schema: ResourceSchema,
  body: ResourceBody,
  keyHex: string,
): ResourceBody {
  return mapSecrets(
    schema.schema.properties,
    body,
    (v) => (isEncryptedSecret(v) ? v : encryptSecret(v, keyHex)),
    '',
  );
}

/** Decrypts every `secret: true` property of a resource body (for the provisioner only). */
export function decryptSecretFields(
  schema: ResourceSchema,
  body: ResourceBody,
  keyHex: string,
): ResourceBody {
  return mapSecrets(schema.schema.properties, body, (v) => decryptSecret(v, keyHex), '');
}
