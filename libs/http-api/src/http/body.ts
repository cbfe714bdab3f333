// Request bodies (GOHAN_API.md §1.3): a JSON object, read with a size limit, optionally wrapped in
// the `{"<singular>": {...}}` envelope. No body-parser dependency: the reader is a few lines.
import type { IncomingMessage } from 'node:http';
import type { ResourceBody } from '@gohan-es/domain';
import { HttpError, MESSAGES, badRequest } from '../errors';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

function tooLarge(limit: number): HttpError {
  return new HttpError('payload-too-large', `Request body exceeds the limit of ${limit} bytes`);
}

/** Reads the raw body, refusing more than `limit` bytes (413) before buffering it all. */
export async function readRawBody(
  req: IncomingMessage,
  limit: number = DEFAULT_BODY_LIMIT_BYTES,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain so the connection can answer
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a body as a JSON object: bad JSON and non-objects are Gohan's 400 `Failed to parse data: ...`. */
export function parseJsonObject(raw: Buffer | string): ResourceBody {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  if (text.trim() === '') throw badRequest(MESSAGES.parse('EOF'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(MESSAGES.parse((error as Error).message), error);
  }
  if (!isPlainObject(parsed)) throw badRequest(MESSAGES.notDictionary);
  return parsed as ResourceBody;
}

/** `{"<singular>": {...}}` → the inner object; any other body is the resource itself (Gohan's removeResourceWrapper). */
export function unwrapEnvelope(body: ResourceBody, singular: string): ResourceBody {
  const inner = body[singular];
  return isPlainObject(inner) ? (inner as ResourceBody) : body;
}

/** Reads, parses and unwraps a resource body. */
export async function readResourceBody(
  req: IncomingMessage,
  singular: string,
  limit?: number,
): Promise<ResourceBody> {
  return unwrapEnvelope(parseJsonObject(await readRawBody(req, limit)), singular);
}
