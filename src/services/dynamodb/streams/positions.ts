// How stream positions are written for clients: sequence numbers as DynamoDB's digit strings
// (21 to 40 digits), one shard per stream, and shard iterators that carry their position and the
// time they were issued (an iterator is good for 15 minutes, AWS docs "GetShardIterator").
import { createHash } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';
import { validation } from '../errors.js';
import type { Stream } from './store.js';

const SEQUENCE_BASE = 10n ** 20n;
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

export function sequenceNumber(seq: number): string {
  return (SEQUENCE_BASE + BigInt(seq)).toString();
}

/** The record number a sequence number names, or undefined when it is not one of ours. */
export function parseSequenceNumber(text: string): number | undefined {
  if (!/^\d{21,40}$/.test(text)) return undefined;
  const value = BigInt(text) - SEQUENCE_BASE;
  return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

export function shardIdOf(stream: Stream): string {
  const suffix = createHash('md5').update(stream.arn).digest('hex').slice(0, 8);
  return `shardId-${String(stream.createdAt).padStart(20, '0')}-${suffix}`;
}

export interface Position {
  arn: string;
  /** The next record number to read. */
  seq: number;
  issuedAt: number;
}

export function encodeIterator(position: Position): string {
  const state = Buffer.from(JSON.stringify({ s: position.seq, t: position.issuedAt })).toString('base64url');
  return `${position.arn}|1|${state}`;
}

const invalidIterator = () => validation('Invalid ShardIterator');

export function decodeIterator(iterator: string, now: number): Position {
  const [arn, version, state] = iterator.split('|');
  if (!arn || version !== '1' || !state) throw invalidIterator();
  let parsed: { s?: unknown; t?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidIterator();
  }
  if (!Number.isSafeInteger(parsed.s) || !Number.isSafeInteger(parsed.t)) throw invalidIterator();
  const position = { arn, seq: parsed.s as number, issuedAt: parsed.t as number };
  if (now - position.issuedAt > ITERATOR_LIFETIME_MS) {
    throw new AwsError(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${new Date(position.issuedAt).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
    );
  }
  return position;
}
