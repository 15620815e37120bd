// Receipt handles: which queue and message a receive handed out, and which receive it was. Every
// receive draws a new random token, so every receive yields a new handle, and a handle from an
// earlier receive no longer matches the message's current token.
import { randomBytes } from 'node:crypto';

export interface Receipt {
  queueId: string;
  messageId: string;
  token: string;
}

const PREFIX = 'nubis1';
const HEX = /^[0-9a-f]+$/;
const MESSAGE_ID = /^[0-9a-f-]{36}$/;

export function newReceiptToken(): string {
  return randomBytes(16).toString('hex');
}

export function encodeReceipt(receipt: Receipt): string {
  return Buffer.from(`${PREFIX}:${receipt.queueId}:${receipt.messageId}:${receipt.token}`).toString('base64');
}

/** Undefined for anything that is not a handle we issued (malformed, or from another service). */
export function decodeReceipt(handle: string): Receipt | undefined {
  if (!handle || handle.length > 1024) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) return undefined;
  const [, queueId, messageId, token] = parts as [string, string, string, string];
  if (!HEX.test(queueId) || !MESSAGE_ID.test(messageId) || !HEX.test(token)) return undefined;
  return { queueId, messageId, token };
}
