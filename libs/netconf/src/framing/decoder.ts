// RFC 6242 §4: the common shape of the two framing decoders (§4.1 chunked, §4.3 end-of-message).

/** Messages larger than this fail with a FramingError instead of exhausting memory. */
export const DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** An incremental decoder: feed raw transport bytes, pull complete messages (UTF-8 XML bytes). */
export interface FrameDecoder {
  /** Stores a chunk as read from the transport (any size, split at any byte). */
  push(chunk: Buffer): void;
  /** The next complete message, or undefined when more bytes are needed. Throws FramingError. */
  next(): Buffer | undefined;
  /** Bytes held that do not yet form a complete message. */
  readonly bufferedBytes: number;
}
