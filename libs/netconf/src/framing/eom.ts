// RFC 6242 §4.3: NETCONF 1.0 end-of-message framing. Each message is followed by "]]>]]>".
// Used for the <hello> exchange always, and for the whole session unless both peers
// advertise urn:ietf:params:netconf:base:1.1.
import { FramingError } from '../errors';
import type { FrameDecoder } from './decoder';
import { DEFAULT_MAX_MESSAGE_BYTES } from './decoder';

export const EOM_DELIMITER = Buffer.from(']]>]]>', 'latin1');
const OVERLAP = EOM_DELIMITER.length - 1;

/** Frames one message: the XML followed by "]]>]]>", as a single Buffer (one socket write). */
export function encodeEom(xml: string): Buffer {
  const body = Buffer.byteLength(xml, 'utf8');
  const out = Buffer.allocUnsafe(body + EOM_DELIMITER.length);
  out.write(xml, 0, 'utf8');
  EOM_DELIMITER.copy(out, body);
  return out;
}

/**
 * Incremental end-of-message decoder. `push()` only stores the chunk; `next()` scans lazily, so a
 * caller can stop after the <hello> and move the remaining bytes to a chunked decoder with
 * `takeRemainder()`. Each byte is scanned once per message and copied once: linear in the input.
 */
export class EomDecoder implements FrameDecoder {
  private parts: Buffer[] = [];
  private length = 0;
  /** parts[0..scannedParts) have been searched without finding a delimiter. */
  private scannedParts = 0;
  private scannedBytes = 0;
  /** The last (delimiter length - 1) bytes of the scanned region, to find split delimiters. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.length += chunk.length;
  }

  next(): Buffer | undefined {
    while (this.scannedParts < this.parts.length) {
      const part = this.parts[this.scannedParts]!;
      const at = this.findIn(part);
      if (at >= 0) return this.cut(at);
      this.carry = lastBytes(this.carry, part, OVERLAP);
      this.scannedBytes += part.length;
      this.scannedParts += 1;
    }
    if (this.length > this.maxMessageBytes) {
      throw new FramingError(
        `end-of-message framing: no "]]>]]>" within ${this.maxMessageBytes} bytes (message too large or wrong framing)`,
      );
    }
    return undefined;
  }

  /** Bytes received after the last complete message; resets the decoder. */
  takeRemainder(): Buffer {
    const rest = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.reset([]);
    return rest;
  }

  get bufferedBytes(): number {
    return this.length;
  }

  /** Global offset of the first delimiter that ends inside `part`, or -1. */
  private findIn(part: Buffer): number {
    if (this.carry.length > 0) {
      const probe = Buffer.concat([this.carry, part.subarray(0, OVERLAP)]);
      const p = probe.indexOf(EOM_DELIMITER);
      if (p >= 0 && p < this.carry.length) return this.scannedBytes - this.carry.length + p;
    }
    const i = part.indexOf(EOM_DELIMITER);
    return i >= 0 ? this.scannedBytes + i : -1;
  }

  /** Splits off the message ending at global offset `at` (delimiter excluded). */
  private cut(at: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    const message = all.subarray(0, at);
    const rest = all.subarray(at + EOM_DELIMITER.length);
    this.reset(rest.length > 0 ? [rest] : []);
    return message;
  }

  private reset(parts: Buffer[]): void {
    this.parts = parts;
    this.length = parts.reduce((n, p) => n + p.length, 0);
    this.scannedParts = 0;
    this.scannedBytes = 0;
    this.carry = Buffer.alloc(0);
  }
}

function lastBytes(carry: Buffer, part: Buffer, n: number): Buffer {
  if (part.length >= n) return Buffer.from(part.subarray(part.length - n));
  const joined = Buffer.concat([carry, part]);
  return joined.subarray(Math.max(0, joined.length - n));
}
