// RFC 6241 §9 (security considerations): configuration may carry secrets. Any XML this library logs
// or puts into an error message goes through redactSecrets() first.

/** Elements whose text content is secret (Junos names: authentication-key, encrypted-password...). */
export const SECRET_ELEMENTS: readonly string[] = [
  'authentication-key',
  'password',
  'secret',
  'encrypted-password',
  'plain-text-password-value',
  'pre-shared-key',
  'ascii-text',
  'hexadecimal',
  'simple-password',
  'private-key',
];

export const REDACTED = '********';

const names = SECRET_ELEMENTS.map((n) => n.replace(/[-.]/g, '\\$&')).join('|');
// <(prefix:)?name attrs>content</(same)name>; content is text and/or CDATA, no child elements.
const SECRET_RE = new RegExp(
  `(<((?:[\\w.-]+:)?(?:${names}))(?:\\s[^>]*)?>)(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|[^<])*(</\\2\\s*>)`,
  'g',
);
// Junos text form (`authentication-key "$9$..."`) as in [edit ...] diffs: quoted values only.
const TEXT_RE = new RegExp(`(\\b(?:${names})\\s+)"(?:[^"\\\\]|\\\\.)*"`, 'g');

/** Masks the contents of secret elements (and `name value` text forms) in an XML or text string. */
export function redactSecrets(xml: string): string {
  return xml.replace(SECRET_RE, `$1${REDACTED}$3`).replace(TEXT_RE, `$1"${REDACTED}"`);
}
