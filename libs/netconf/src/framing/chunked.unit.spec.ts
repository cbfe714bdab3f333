import { FramingError } from '../errors';
import { ChunkedDecoder, encodeChunked } from './chunked';

function drain(d: ChunkedDecoder): string[] {
  const out: string[] = [];
  for (let m = d.next(); m; m = d.next()) out.push(m.toString('utf8'));
  return out;
}

const SAMPLE = '<rpc-reply message-id="7"><data>é 日本 😀 #\n##\n</data></rpc-reply>';

describe('encodeChunked', () => {
  it('should frame a message as one chunk with its byte length', () => {
    expect(encodeChunked('<a>é</a>').toString()).toBe('\n#9\n<a>é</a>\n##\n');
  });

  it('should split into chunks of at most maxChunk bytes', () => {
    expect(encodeChunked('abcdefg', 3).toString()).toBe('\n#3\nabc\n#3\ndef\n#1\ng\n##\n');
  });
});

describe('ChunkedDecoder', () => {
  it('should decode a message made of several chunks', () => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from('\n#4\n<rpc\n#18\n-reply><ok/></rpc-\n#6\nreply>\n##\n'));
    expect(drain(d)).toEqual(['<rpc-reply><ok/></rpc-reply>']);
  });

  it('should decode messages split at every byte position, multi-byte UTF-8 included', () => {
    const stream = Buffer.concat([encodeChunked(SAMPLE, 5), encodeChunked('<b/>')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new ChunkedDecoder();
      d.push(stream.subarray(0, cut));
      const got = drain(d);
      d.push(stream.subarray(cut));
      got.push(...drain(d));
      expect(got).toEqual([SAMPLE, '<b/>']);
    }
  });

  it('should decode "\\n##\\n" delivered one byte per read', () => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from('\n#4\n<a/>'));
    for (const c of '\n##') {
      d.push(Buffer.from(c));
      expect(d.next()).toBeUndefined();
    }
    d.push(Buffer.from('\n'));
    expect(drain(d)).toEqual(['<a/>']);
  });

  it('should accept whitespace between messages (e.g. after the hello delimiter)', () => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from('\n\n#4\n<a/>\n##\n\r\n\n#4\n<b/>\n##\n'));
    expect(drain(d)).toEqual(['<a/>', '<b/>']);
  });

  it('should decode a 20 MB reply in 64 KiB reads in linear time', () => {
    const big = `<data>${'y'.repeat(20 * 1024 * 1024)}</data>`;
    const stream = encodeChunked(big, 1024 * 1024);
    const d = new ChunkedDecoder();
    const started = Date.now();
    for (let off = 0; off < stream.length; off += 65536) d.push(stream.subarray(off, off + 65536));
    const got = drain(d);
    expect(got).toHaveLength(1);
    expect(got[0]!.length).toBe(big.length);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['a chunk size starting with 0', '\n#0\n', /chunk size starting with 1-9/],
    ['a non-digit in the size', '\n#1x\n', /digit or LF in the chunk size/],
    ['a size over 4294967295', '\n#4294967296\n', /at most 4294967295/],
    ['end-of-chunks before any chunk', '\n##\n', /end-of-chunks before any chunk/],
    ['a chunk longer than declared', '\n#2\nabc\n##\n', /LF after chunk data/],
    [
      'end-of-message framing',
      '<rpc-reply/>]]>]]>',
      /got "<" at stream offset 0 \(is the peer using end-of-message/,
    ],
    ['a missing "#"', '\n#1\na\nX', /"#" starting a chunk header, got "X"/],
  ])('should throw FramingError on %s', (_name, input, message) => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from(input));
    expect(() => d.next()).toThrow(FramingError);
    expect(() => d.next()).toThrow(message);
  });

  it('should return messages completed before a framing error, then throw', () => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from('\n#4\n<a/>\n##\n\n#x'));
    expect(d.next()?.toString()).toBe('<a/>');
    expect(() => d.next()).toThrow(FramingError);
  });

  it('should fail when a message exceeds the size limit', () => {
    const d = new ChunkedDecoder(10);
    d.push(Buffer.from('\n#8\n12345678\n#8\n'));
    expect(() => d.next()).toThrow(/message exceeds 10 bytes/);
  });
});
