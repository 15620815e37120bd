// Input rules shared by several operations, with AWS's messages.
import { invalidMessageContents, invalidParameter, invalidParameterValue } from './errors.js';

/** Standard queue names: 1–80 of alphanumerics, hyphens and underscores. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** FIFO queue names: the same characters, the `.fifo` suffix counting toward the 80. */
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
/** MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId: 1–128 alphanumerics and punctuation. */
const ALNUM_PUNCT = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
/** Batch entry ids: 1–80 alphanumerics, hyphens and underscores. */
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Queue attribute integers are plain decimal strings (AWS rejects " 6", "6.5", ""). */
const INTEGER = /^-?\d+$/;

export function checkQueueName(name: string, fifo: boolean): void {
  if (name === '') throw invalidParameterValue('Queue name cannot be empty');
  if (fifo) {
    if (!FIFO_QUEUE_NAME.test(name)) {
      throw invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, ' +
          'must end with .fifo suffix and be 1 to 80 in length',
      );
    }
  } else if (!QUEUE_NAME.test(name)) {
    throw invalidParameterValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
}

/** Group, deduplication and receive-attempt ids share one rule and one message shape. */
export function checkFifoId(value: string, parameter: string): void {
  if (!ALNUM_PUNCT.test(value)) {
    throw invalidParameter(
      parameter,
      value,
      `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
}

export function isBatchEntryId(id: unknown): boolean {
  return typeof id === 'string' && BATCH_ENTRY_ID.test(id);
}

export function parseInteger(value: string): number | undefined {
  return INTEGER.test(value) ? Number(value) : undefined;
}

/** `true`/`false` in any letter case, as AWS accepts ("True" works). */
export function parseBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Request integers checked against an inclusive range, with AWS's "Value X for parameter Y" message. */
export function checkRange(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  reason: string,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw invalidParameter(name, value, reason);
}

/**
 * Message bodies and string attribute values may hold only XML 1.0 characters:
 * #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF (lone surrogates are not characters).
 */
export function firstInvalidCharacter(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0xd7ff) continue;
    if (unit === 0x9 || unit === 0xa || unit === 0xd) continue;
    if (unit >= 0xe000 && unit <= 0xfffd) continue;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return unit;
  }
  return undefined;
}

export function checkMessageContents(text: string): void {
  const invalid = firstInvalidCharacter(text);
  if (invalid !== undefined) throw invalidMessageContents(invalid);
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
