// S3's `aws-chunked` content encoding: SDKs stream uploads as `<hex size>[;chunk-signature=…]\r\n
// <bytes>\r\n … 0\r\n<trailers>\r\n\r\n`, with checksums as trailers. The codec undoes it so that
// operations see the object's bytes and the trailing checksum headers.
import { AwsError } from '../core/aws-error.js';
import type { HttpRequest } from './types.js';

export function isAwsChunked(req: HttpRequest): boolean {
  const encoding = req.headers['content-encoding'] ?? '';
  const sha = req.headers['x-amz-content-sha256'] ?? '';
  return encoding.split(',').some((part) => part.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

function incompleteBody(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly');
}

export interface Unchunked {
  body: Buffer;
  trailers: Record<string, string>;
}

export function decodeAwsChunked(data: Buffer): Unchunked {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) throw incompleteBody();
    const sizeText = data.subarray(offset, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw incompleteBody();
    const size = parseInt(sizeText, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size + 2 > data.length) throw incompleteBody();
    chunks.push(data.subarray(offset, offset + size));
    offset += size + 2;
  }
  return { body: Buffer.concat(chunks), trailers: readTrailers(data.subarray(offset).toString('latin1')) };
}

function readTrailers(text: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The trailer's own signature is for SigV4 verification, not an input member.
    if (name !== 'x-amz-trailer-signature' && name !== '__proto__')
      trailers[name] = line.slice(colon + 1).trim();
  }
  return trailers;
}

/** The request as the operation should see it: decoded body, trailers as headers, no aws-chunked. */
export function unchunkRequest(req: HttpRequest): HttpRequest {
  if (!isAwsChunked(req)) return req;
  const { body, trailers } = decodeAwsChunked(req.body);
  const headers = { ...req.headers, ...trailers };
  const encoding = (headers['content-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'aws-chunked');
  if (encoding.length > 0) headers['content-encoding'] = encoding.join(', ');
  else delete headers['content-encoding'];
  if (headers['x-amz-decoded-content-length'] !== undefined) headers['content-length'] = String(body.length);
  return { ...req, headers, body };
}
