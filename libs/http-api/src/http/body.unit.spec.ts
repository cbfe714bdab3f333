import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors';
import { parseJsonObject, readRawBody, readResourceBody, unwrapEnvelope } from './body';

function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
  (stream as { headers: Record<string, string> }).headers = headers;
  return stream;
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('parseJsonObject', () => {
  it('should parse an object', () => {
    expect(parseJsonObject('{"a": 1}')).toEqual({ a: 1 });
  });
  it('should answer bad JSON with Gohan 400 "Failed to parse data: ..."', () => {
    const error = (() => {
      try {
        parseJsonObject('{"a": ');
      } catch (e) {
        return e as HttpError;
      }
      throw new Error('no error');
    })();
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Failed to parse data: /);
  });
  it('should refuse a body that is not an object', () => {
    for (const body of ['[1]', '"x"', '3', 'null']) {
      expect(() => parseJsonObject(body)).toThrow(
        'Failed to parse data: request body is not a data dictionary',
      );
    }
  });
  it('should refuse an empty body', () => {
    expect(() => parseJsonObject('  ')).toThrow('Failed to parse data: EOF');
  });
});

describe('unwrapEnvelope', () => {
  it('should unwrap the singular envelope when its value is an object', () => {
    expect(unwrapEnvelope({ network: { name: 'a' } }, 'network')).toEqual({ name: 'a' });
  });
  it('should take a bare body as the resource', () => {
    expect(unwrapEnvelope({ name: 'a' }, 'network')).toEqual({ name: 'a' });
    expect(unwrapEnvelope({ network: 'x', name: 'a' }, 'network')).toEqual({ network: 'x', name: 'a' });
    expect(unwrapEnvelope({ networks: { name: 'a' } }, 'network')).toEqual({ networks: { name: 'a' } });
  });
});

describe('readRawBody', () => {
  it('should concatenate chunks', async () => {
    await expect(readRawBody(request(['{"a"', ':1}']))).resolves.toEqual(Buffer.from('{"a":1}'));
  });
  it('should refuse a declared Content-Length over the limit with 413', async () => {
    const error = await failure(readRawBody(request(['x'], { 'content-length': '11' }), 10));
    expect(error.status).toBe(413);
  });
  it('should refuse a streamed body over the limit with 413', async () => {
    const error = await failure(readRawBody(request(['12345', '67890', '1']), 10));
    expect(error.status).toBe(413);
  });
  it('should read, parse and unwrap in one step', async () => {
    await expect(readResourceBody(request(['{"port": {"name": "p"}}']), 'port')).resolves.toEqual({
      name: 'p',
    });
  });
});
