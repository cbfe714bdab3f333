import { FramingError } from '../errors';
import { EomDecoder, encodeEom } from './eom';

function drain(d: EomDecoder): string[] {
  const out: string[] = [];
  for (let m = d.next(); m; m = d.next()) out.push(m.toString('utf8'));
  return out;
}

const SAMPLE = '<rpc-reply message-id="1"><data>é ü 日本 😀 ]]> ]]</data></rpc-reply>';

describe('EomDecoder', () => {
  it('should decode one message and encode symmetrically', () => {
    const d = new EomDecoder();
    d.push(encodeEom(SAMPLE));
    expect(drain(d)).toEqual([SAMPLE]);
    expect(d.bufferedBytes).toBe(0);
  });

  it('should decode two messages split at every byte position', () => {
    const stream = Buffer.concat([encodeEom(SAMPLE), encodeEom('<b/>')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new EomDecoder();
      d.push(stream.subarray(0, cut));
      const got = drain(d);
      d.push(stream.subarray(cut));
      got.push(...drain(d));
      expect(got).toEqual([SAMPLE, '<b/>']);
    }
  });

  it('should decode when fed one byte at a time (delimiter split across reads)', () => {
    const stream = Buffer.concat([encodeEom(SAMPLE), encodeEom('<b/>')]);
    const d = new EomDecoder();
    const got: string[] = [];
    for (const byte of stream) {
      d.push(Buffer.from([byte]));
      got.push(...drain(d));
    }
    expect(got).toEqual([SAMPLE, '<b/>']);
  });

  it('should find a delimiter whose pieces arrive in three reads', () => {
    const d = new EomDecoder();
    d.push(Buffer.from('<a/>]]'));
    d.push(Buffer.from('>]'));
    expect(d.next()).toBeUndefined();
    d.push(Buffer.from(']>'));
    expect(drain(d)).toEqual(['<a/>']);
  });

  it('should keep the bytes after the first message for takeRemainder()', () => {
    const d = new EomDecoder();
    d.push(Buffer.from('<hello/>]]>]]>\n#4\n<a/>\n##\n'));
    expect(d.next()?.toString()).toBe('<hello/>');
    expect(d.takeRemainder().toString()).toBe('\n#4\n<a/>\n##\n');
    expect(d.bufferedBytes).toBe(0);
  });

  it('should decode a 20 MB reply delivered in 64 KiB reads in linear time', () => {
    const big = `<data>${'x'.repeat(20 * 1024 * 1024)}</data>`;
    const stream = encodeEom(big);
    const d = new EomDecoder();
    const started = Date.now();
    let got: Buffer | undefined;
    for (let off = 0; off < stream.length; off += 65536) {
      d.push(stream.subarray(off, off + 65536));
      got ??= d.next();
    }
    expect(got?.length).toBe(Buffer.byteLength(big));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('should fail with FramingError when a message exceeds the size limit', () => {
    const d = new EomDecoder(16);
    d.push(Buffer.from('<a>0123456789abcdef</a>'));
    expect(() => d.next()).toThrow(FramingError);
    expect(() => d.next()).toThrow(/no "\]\]>\]\]>" within 16 bytes/);
  });
});
