// Where the outcome of an asynchronous invocation goes: on-success and on-failure destinations
// (an SQS queue or another function; SNS topics and EventBridge buses once Nubis has them) and the
// function's dead-letter queue. Delivered through the target service's own operations.
import type { InternalClient } from '../../core/service.js';
import { parseArn, type ParsedArn } from '../sqs/arns.js';
import { invalidParameterValue, validationError } from './errors.js';

/** Lambda's patterns, quoted in its validation messages. */
const DESTINATION_PATTERN =
  '^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const DEAD_LETTER_PATTERN = '(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()';
/** Targets Lambda accepts that Nubis has no service for yet. */
const NOT_YET = new Set(['sns', 'events', 's3']);

function parseTarget(arn: string, field: string, pattern: string): ParsedArn {
  const parsed = parseArn(arn);
  if (!parsed)
    throw validationError(arn, field, `Member must satisfy regular expression pattern: ${pattern}`);
  if (NOT_YET.has(parsed.service)) {
    throw invalidParameterValue(
      `The target ${arn} is a ${parsed.service} resource, which Nubis cannot deliver to yet. Use an Amazon SQS queue or a Lambda function.`,
    );
  }
  return parsed;
}

/** An on-success or on-failure destination: an SQS queue or another function. */
export function checkDestination(arn: string, field: string, ownFunction: string): void {
  const parsed = parseTarget(arn, field, DESTINATION_PATTERN);
  if (parsed.service !== 'sqs' && parsed.service !== 'lambda')
    throw invalidParameterValue(`The destination ARN ${arn} is invalid.`);
  if (parsed.service === 'lambda' && functionNameOf(parsed) === ownFunction)
    throw invalidParameterValue("You can't specify the function as a destination for itself.");
}

/** DeadLetterConfig.TargetArn: an SQS queue (SNS topics once Nubis has them). */
export function checkDeadLetterTarget(arn: string): void {
  const parsed = parseTarget(arn, 'deadLetterConfig.targetArn', DEAD_LETTER_PATTERN);
  if (parsed.service !== 'sqs') throw invalidParameterValue(`The dead-letter target ${arn} is invalid.`);
}

function functionNameOf(arn: ParsedArn): string {
  return arn.resource.replace(/^function:/, '').split(':')[0] ?? '';
}

/** Sends `body` to the queue or function `arn` names, in the target's account and region. */
export async function deliver(
  client: InternalClient,
  arn: string,
  message: { body: string; attributes?: Record<string, { DataType: string; StringValue: string }> },
): Promise<void> {
  const parsed = parseArn(arn);
  if (!parsed) return;
  const scope = { accountId: parsed.accountId, region: parsed.region };
  if (parsed.service === 'sqs') {
    const { QueueUrl } = await client.call<{ QueueUrl: string }>(
      'sqs',
      'GetQueueUrl',
      { QueueName: parsed.resource, QueueOwnerAWSAccountId: parsed.accountId },
      scope,
    );
    const input = { QueueUrl, MessageBody: message.body, MessageAttributes: message.attributes };
    await client.call('sqs', 'SendMessage', input, scope);
  } else if (parsed.service === 'lambda') {
    const input = { FunctionName: arn, InvocationType: 'Event', Payload: Buffer.from(message.body) };
    await client.call('lambda', 'Invoke', input, scope);
  }
}
