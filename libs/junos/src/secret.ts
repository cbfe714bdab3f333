// Secret leaves (bgp authentication-key). The device must get the clear key, but nothing we log or
// show may carry it: text and masked XML print MASK instead. A real Junos returns the key
// "$9$"-encoded, a reversible obfuscation (the algorithm is public), so comparing desired and actual
// decodes it first; the simulator returns what it was sent. Encoding here is deterministic: the
// salt and padding a router would pick at random are inputs (used to reproduce a router's output).

export const MASK = '********';

/** How a secret value appears in rendered text or XML. */
export type SecretDisplay = 'mask' | 'clear' | ((clear: string) => string);

export function displaySecret(value: string, display: SecretDisplay): string {
  if (display === 'clear') return value;
  if (display === 'mask') return MASK;
  return display(value);
}

const FAMILY = ['QzF3n6/9CAtpu0O', 'B1IREhcSyrleKvMW8LXx', '7N-dVbwsY2g4oaJZGUDj', 'iHkq.mPf5T'];
const ALPHABET = FAMILY.join('');
const EXTRA = new Map<string, number>(
  FAMILY.flatMap((chars, i) => [...chars].map((c) => [c, 3 - i] as const)),
);
const ENCODING = [
  [1, 4, 32],
  [1, 16, 32],
  [1, 8, 32],
  [1, 64],
  [1, 32],
  [1, 4, 16, 128],
  [1, 32, 64],
];

function indexOf(c: string): number {
  const i = ALPHABET.indexOf(c);
  if (i < 0 || c.length !== 1) throw new Error(`junos $9$: invalid character "${c}"`);
  return i;
}

/** True for a Junos "$9$" encoded secret. */
export const isJunos9 = (value: string): boolean => value.startsWith('$9$') && value.length > 4;

/** Decodes a Junos "$9$" secret to its clear text. */
export function junos9Decode(encoded: string): string {
  if (!isJunos9(encoded)) throw new Error('junos $9$: not a $9$ value');
  let chars = encoded.slice(3);
  const salt = chars[0];
  const extra = EXTRA.get(salt);
  if (extra === undefined) throw new Error(`junos $9$: invalid salt "${salt}"`);
  chars = chars.slice(1 + extra);
  let prev = salt;
  let out = '';
  while (chars.length > 0) {
    const decode = ENCODING[out.length % ENCODING.length];
    const nibble = chars.slice(0, decode.length);
    if (nibble.length < decode.length) throw new Error('junos $9$: truncated value');
    chars = chars.slice(decode.length);
    let code = 0;
    [...nibble].forEach((c, i) => {
      const gap = ((indexOf(c) - indexOf(prev) + ALPHABET.length) % ALPHABET.length) - 1;
      code += gap * decode[i];
      prev = c;
    });
    out += String.fromCharCode(code % 256);
  }
  return out;
}

/**
 * Encodes `clear` the way Junos does, with the given salt (one alphabet character) and padding
 * (as many characters as the salt requires: 0 to 3; extra ones are ignored).
 */
export function junos9Encode(clear: string, salt: string, padding: string): string {
  const extra = EXTRA.get(salt);
  if (extra === undefined) throw new Error(`junos $9$: invalid salt "${salt}"`);
  if (padding.length < extra) throw new Error(`junos $9$: salt "${salt}" needs ${extra} padding characters`);
  const pad = padding.slice(0, extra);
  [...pad].forEach(indexOf);
  let out = `$9$${salt}${pad}`;
  let prev = salt;
  [...clear].forEach((ch, pos) => {
    const encode = ENCODING[pos % ENCODING.length];
    let code = ch.charCodeAt(0);
    if (code > 255) throw new Error('junos $9$: only 8-bit characters can be encoded');
    const gaps: number[] = [];
    for (const mod of [...encode].reverse()) {
      gaps.unshift(Math.floor(code / mod));
      code %= mod;
    }
    for (const gap of gaps) {
      prev = ALPHABET[(gap + indexOf(prev) + 1) % ALPHABET.length];
      out += prev;
    }
  });
  return out;
}

/** Clear text of a secret as read from a device ("$9$" decoded when it is one). */
export const secretClear = (value: string): string => {
  if (!isJunos9(value)) return value;
  try {
    return junos9Decode(value);
  } catch {
    return value;
  }
};
