import type { IncomingMessage } from 'node:http';

/**
 * Larger bodies are refused before they are buffered. The largest request body any built service
 * accepts is Lambda's: a 50 MB zip, base64 in JSON, within its 69,905,067-byte request limit.
 */
export const MAX_REQUEST_BODY_BYTES = 69_905_067;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limitBytes = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
