// RFC 6242 §4.2/§4.3 message framing, just enough for the simulator's test harness client:
// NETCONF 1.0 end-of-message ("]]>]]>") and NETCONF 1.1 chunked framing ("\n#<len>\n...\n##\n").
// (The product's NETCONF client lives in libs/netconf; this one only drives the simulator.)

export const EOM_MARKER = ']]>]]>';

export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export interface Decoder {
  /** Feeds received bytes; returns the complete messages they finish, in order. */
  push(chunk: Buffer): string[];
}

export class EomDecoder implements Decoder {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      const at = this.buffer.indexOf(EOM_MARKER);
      if (at < 0) return messages;
      messages.push(this.buffer.subarray(0, at).toString('utf8'));
      this.buffer = this.buffer.subarray(at + EOM_MARKER.length);
    }
  }

  /** Bytes received after the last complete message (handed to the next decoder on a switch). */
  rest(): Buffer {
    return this.buffer;
  }
}

const MAX_CHUNK = 4294967295;

export class ChunkedDecoder implements Decoder {
  private buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];

  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      if (this.parts.length === 0) this.skipWhitespaceBetweenMessages();
      if (this.buffer.length < 4) return messages;
      if (this.buffer[0] !== 0x0a || this.buffer[1] !== 0x23) {
        throw new FramingError(
          `chunk header expected, got ${JSON.stringify(this.buffer.subarray(0, 16).toString())}`,
        );
      }
      if (this.buffer[2] === 0x23) {
        if (this.buffer[3] !== 0x0a) throw new FramingError('bad end-of-chunks marker');
        messages.push(Buffer.concat(this.parts).toString('utf8'));
        this.parts = [];
        this.buffer = this.buffer.subarray(4);
        continue;
      }
      const newline = this.buffer.indexOf(0x0a, 2);
      if (newline < 0) {
        if (this.buffer.length > 12) throw new FramingError('chunk size too long');
        return messages;
      }
      const digits = this.buffer.subarray(2, newline).toString('ascii');
      if (!/^[1-9][0-9]{0,9}$/.test(digits) || Number(digits) > MAX_CHUNK) {
        throw new FramingError(`bad chunk size ${JSON.stringify(digits)}`);
      }
      const size = Number(digits);
      if (this.buffer.length < newline + 1 + size) return messages;
      this.parts.push(this.buffer.subarray(newline + 1, newline + 1 + size));
      this.buffer = this.buffer.subarray(newline + 1 + size);
    }
  }

  /** Tolerates whitespace between messages (stops at a possible "\n#" chunk header). */
  private skipWhitespaceBetweenMessages(): void {
    let i = 0;
    while (i < this.buffer.length) {
      const byte = this.buffer[i];
      if (byte === 0x0a && (i + 1 === this.buffer.length || this.buffer[i + 1] === 0x23)) break;
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
      i++;
    }
    this.buffer = this.buffer.subarray(i);
  }
}

export function encodeEom(xml: string): Buffer {
  return Buffer.from(`${xml}${EOM_MARKER}`, 'utf8');
}

export function encodeChunked(xml: string): Buffer {
  const body = Buffer.from(xml, 'utf8');
  return Buffer.concat([Buffer.from(`\n#${body.length}\n`), body, Buffer.from('\n##\n')]);
}
