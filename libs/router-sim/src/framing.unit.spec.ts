import { ChunkedDecoder, EomDecoder, FramingError, encodeChunked, encodeEom } from './framing';

function splitEvery(buffer: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) parts.push(buffer.subarray(i, i + size));
  return parts;
}

describe('EOM framing (RFC 6242 §4.3)', () => {
  it('should decode messages split at every byte', () => {
    const decoder = new EomDecoder();
    const bytes = Buffer.concat([encodeEom('<a/>'), encodeEom('<b>é</b>')]);
    const out = splitEvery(bytes, 1).flatMap((part) => decoder.push(part));
    expect(out).toEqual(['<a/>', '<b>é</b>']);
  });

  it('should keep bytes after the last marker for the next decoder', () => {
    const decoder = new EomDecoder();
    expect(decoder.push(Buffer.from('<hello/>]]>]]>\n#3\n'))).toEqual(['<hello/>']);
    expect(decoder.rest().toString()).toBe('\n#3\n');
  });
});

describe('Chunked framing (RFC 6242 §4.2)', () => {
  it('should round-trip messages split at every byte', () => {
    const decoder = new ChunkedDecoder();
    const bytes = Buffer.concat([encodeChunked('<rpc-reply><ok/></rpc-reply>'), encodeChunked('<x>ü</x>')]);
    const out = splitEvery(bytes, 1).flatMap((part) => decoder.push(part));
    expect(out).toEqual(['<rpc-reply><ok/></rpc-reply>', '<x>ü</x>']);
  });

  it('should join several chunks of one message', () => {
    const decoder = new ChunkedDecoder();
    expect(decoder.push(Buffer.from('\n#4\n<rpc\n#3\n/>x\n#1\n\n\n##\n'))).toEqual(['<rpc/>x\n']);
  });

  it('should count chunk sizes in bytes, not characters', () => {
    const decoder = new ChunkedDecoder();
    const body = Buffer.from('é', 'utf8');
    expect(decoder.push(Buffer.from(`\n#${body.length}\né\n##\n`))).toEqual(['é']);
  });

  it('should reject a bad chunk header', () => {
    expect(() => new ChunkedDecoder().push(Buffer.from('<rpc-reply/>'))).toThrow(FramingError);
    expect(() => new ChunkedDecoder().push(Buffer.from('\n#0\n\n##\n'))).toThrow(FramingError);
  });
});
