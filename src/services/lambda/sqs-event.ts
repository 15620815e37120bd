// Lambda's Amazon SQS event (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): one record
// per message, and the partial batch response a function with ReportBatchItemFailures answers with.
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { isRecord } from '../../core/event-pattern-syntax.js';

/** The system attributes a record carries; the FIFO ones only for FIFO queues. */
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'AWSTraceHeader',
];

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfMessageAttributes?: string;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

function recordAttributes(message: Message): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of RECORD_ATTRIBUTES) {
    const value = (message.Attributes as Record<string, string> | undefined)?.[name];
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}

/** Lambda writes message attributes in camel case, binary values base64, with empty lists. */
function recordMessageAttributes(message: Message): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    const { StringValue, BinaryValue, DataType } = value as MessageAttributeValue;
    attributes[name] = {
      stringValue: StringValue,
      binaryValue: BinaryValue === undefined ? undefined : Buffer.from(BinaryValue).toString('base64'),
      stringListValues: [],
      binaryListValues: [],
      dataType: DataType,
    };
  }
  return attributes;
}

export function toRecord(message: Message, source: { arn: string; region: string }): SqsRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: recordAttributes(message),
    messageAttributes: recordMessageAttributes(message),
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: source.arn,
    awsRegion: source.region,
  };
}

/**
 * What filter patterns see: the record with its body parsed when the body is a JSON object, so
 * that `body` patterns reach into it; a plain-text body stays a string, which only string rules
 * match (Lambda drops a JSON body tested with string rules, and a text body tested with keys).
 */
export function filterView(record: SqsRecord): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(record.body);
    if (isRecord(body)) return { ...record, body };
  } catch {
    // a plain-text body
  }
  return { ...record };
}

/**
 * The message ids a partial batch response reports as failed. Undefined when the response is
 * invalid, which fails the whole batch: not JSON, or a failure whose itemIdentifier is missing,
 * empty, or not one of the batch's records. No response, or no failures listed, is complete success.
 */
export function reportedFailures(
  payload: Uint8Array | undefined,
  identifiers: string[],
): Set<string> | undefined {
  const text = Buffer.from(payload ?? [])
    .toString('utf8')
    .trim();
  if (text === '') return new Set();
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (response === null) return new Set();
  if (!isRecord(response)) return undefined;
  const failures = response['batchItemFailures'];
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return undefined;
  const ids = new Set(identifiers);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = isRecord(failure) ? failure['itemIdentifier'] : undefined;
    if (typeof id !== 'string' || !ids.has(id)) return undefined;
    failed.add(id);
  }
  return failed;
}
