// RFC 6242 §4.2: NETCONF 1.1 chunked framing, used after the <hello> exchange when both peers
// advertise urn:ietf:params:netconf:base:1.1.
//   Chunked-Message = 1*chunk end-of-chunks
//   chunk           = LF HASH chunk-size LF chunk-data
//   end-of-chunks   = LF HASH HASH LF
//   chunk-size      = 1*DIGIT1 0*DIGIT   (1..4294967295)
import { FramingError } from '../errors';
import type { FrameDecoder } from './decoder';
import { DEFAULT_MAX_MESSAGE_BYTES } from './decoder';

export const MAX_CHUNK_SIZE = 4294967295;

const LF = 0x0a;
const HASH = 0x23;

/** Frames one message as a single Buffer (one socket write), split into chunks of at most `maxChunk`. */
export function encodeChunked(xml: string, maxChunk = MAX_CHUNK_SIZE): Buffer {
  const body = Buffer.from(xml, 'utf8');
  if (body.length === 0) throw new FramingError('chunked framing cannot carry an empty message');
  const pieces: Buffer[] = [];
  for (let off = 0; off < body.length; off += maxChunk) {
    const data = body.subarray(off, Math.min(off + maxChunk, body.length));
    pieces.push(Buffer.from(`\n#${data.length}\n`, 'latin1'), data);
  }
  pieces.push(Buffer.from('\n##\n', 'latin1'));
  return Buffer.concat(pieces);
}

enum State {
  /** Between messages: optional whitespace, then "#" (the LF before it counts as whitespace). */
  Boundary,
  /** After chunk data: expect LF. */
  ChunkLf,
  /** After LF: expect HASH. */
  ChunkHash,
  /** After "#": a DIGIT1 (chunk size) or a second HASH (end-of-chunks). */
  SizeFirst,
  /** Inside chunk-size digits, until LF. */
  Size,
  /** After "##": expect LF. */
  EndLf,
  /** Inside chunk-data. */
  Data,
}

/**
 * Incremental chunked decoder. Chunk data is kept as zero-copy slices of the input and joined once
 * per message, so a message of N bytes costs O(N) whatever the read sizes. Any framing violation
 * poisons the decoder: `next()` returns the messages completed before it, then throws.
 */
export class ChunkedDecoder implements FrameDecoder {
  private state = State.Boundary;
  private size = 0;
  private sizeDigits = 0;
  private remaining = 0;
  private parts: Buffer[] = [];
  private messageBytes = 0;
  private readonly ready: Buffer[] = [];
  private error: FramingError | undefined;
  /** Bytes consumed since the start of the stream, for error messages. */
  private offset = 0;

  constructor(private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): void {
    if (this.error) return;
    try {
      this.consume(chunk);
    } catch (err) {
      if (!(err instanceof FramingError)) throw err;
      this.error = err;
    }
  }

  next(): Buffer | undefined {
    const message = this.ready.shift();
    if (message) return message;
    if (this.error) throw this.error;
    return undefined;
  }

  get bufferedBytes(): number {
    return this.messageBytes;
  }

  private consume(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === State.Data) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.parts.push(chunk.subarray(i, i + take));
        this.messageBytes += take;
        this.remaining -= take;
        this.offset += take;
        i += take;
        if (this.remaining === 0) this.state = State.ChunkLf;
        continue;
      }
      this.headerByte(chunk[i]!);
      i += 1;
      this.offset += 1;
    }
  }

  private headerByte(b: number): void {
    switch (this.state) {
      case State.Boundary:
        if (b === HASH) this.state = State.SizeFirst;
        else if (!isWhitespace(b))
          this.fail(b, 'a chunk header "\\n#<size>\\n"', ' (is the peer using end-of-message framing?)');
        return;
      case State.ChunkLf:
        if (b !== LF) this.fail(b, 'LF after chunk data (chunk longer than its declared size?)');
        this.state = State.ChunkHash;
        return;
      case State.ChunkHash:
        if (b !== HASH) this.fail(b, '"#" starting a chunk header');
        this.state = State.SizeFirst;
        return;
      case State.SizeFirst:
        if (b === HASH) {
          if (this.parts.length === 0) this.fail(b, 'a chunk size (end-of-chunks before any chunk)');
          this.state = State.EndLf;
        } else if (b >= 0x31 && b <= 0x39) {
          this.size = b - 0x30;
          this.sizeDigits = 1;
          this.state = State.Size;
        } else this.fail(b, 'a chunk size starting with 1-9, or "#"');
        return;
      case State.Size:
        if (b === LF) return this.startData();
        if (b < 0x30 || b > 0x39) this.fail(b, 'a digit or LF in the chunk size');
        this.size = this.size * 10 + (b - 0x30);
        this.sizeDigits += 1;
        if (this.sizeDigits > 10 || this.size > MAX_CHUNK_SIZE) {
          this.fail(b, `a chunk size of at most ${MAX_CHUNK_SIZE}`);
        }
        return;
      case State.EndLf:
        if (b !== LF) this.fail(b, 'LF ending "\\n##\\n"');
        this.ready.push(
          this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.messageBytes),
        );
        this.parts = [];
        this.messageBytes = 0;
        this.state = State.Boundary;
        return;
      case State.Data:
        return;
    }
  }

  private startData(): void {
    if (this.messageBytes + this.size > this.maxMessageBytes) {
      throw new FramingError(
        `chunked framing: message exceeds ${this.maxMessageBytes} bytes (chunk of ${this.size} at stream offset ${this.offset})`,
      );
    }
    this.remaining = this.size;
    this.state = State.Data;
  }

  private fail(b: number, expected: string, hint = ''): never {
    const shown =
      b >= 0x20 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `0x${b.toString(16).padStart(2, '0')}`;
    throw new FramingError(
      `chunked framing: expected ${expected}, got ${shown} at stream offset ${this.offset}${hint}`,
    );
  }
}

function isWhitespace(b: number): boolean {
  return b === LF || b === 0x0d || b === 0x20 || b === 0x09;
}
