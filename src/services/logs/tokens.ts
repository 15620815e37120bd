// Pagination tokens. Describe* tokens are opaque (base64 JSON bound to the listing). GetLogEvents
// tokens take AWS's visible form, `f/<56 digits>/s` and `b/<56 digits>/s`: the digits hold the
// (timestamp, sequence) position of the first/last event returned.
import { invalidToken } from './errors.js';
import type { Position } from './store-events.js';

export function encodeOpaque(scope: string, value: unknown): string {
  return Buffer.from(JSON.stringify({ scope, value })).toString('base64');
}

export function decodeOpaque<T>(token: string | undefined, scope: string): T | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { scope?: string; value?: T };
    if (parsed.scope === scope && parsed.value !== undefined) return parsed.value;
  } catch {
    // falls through to the error below
  }
  throw invalidToken();
}

const DIGITS = 20;
const PADDING = '0'.repeat(56 - 2 * DIGITS);

/** 56 digits: timestamp (20), sequence (20), padding (16). Also the FilterLogEvents eventId. */
export function positionDigits(position: Position): string {
  return `${String(position.time).padStart(DIGITS, '0')}${String(position.seq).padStart(DIGITS, '0')}${PADDING}`;
}

export function streamToken(direction: 'f' | 'b', position: Position): string {
  return `${direction}/${positionDigits(position)}/s`;
}

const STREAM_TOKEN = /^([fb])\/(\d{20})(\d{20})\d{16}(?:\/s)?$/;

export function parseStreamToken(token: string): { direction: 'f' | 'b'; position: Position } {
  const match = STREAM_TOKEN.exec(token);
  if (!match) throw invalidToken();
  return {
    direction: match[1] as 'f' | 'b',
    position: { time: Number(match[2]), seq: Number(match[3]) },
  };
}
