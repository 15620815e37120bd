// The event source of a mapping: an SQS queue ARN. Its queue is looked up through SQS's own
// GetQueueUrl (the internal client), never SQS's tables.
import { isAwsError } from '../../core/aws-error.js';
import type { CallScope, InternalClient } from '../../core/service.js';
import { invalidParameterValue, validationError } from './errors.js';

/** The pattern the API reference gives for EventSourceArn. */
const ARN_PATTERN =
  'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const ARN =
  /^arn:(aws[a-zA-Z0-9-]*):(?<service>[a-zA-Z0-9-]+):(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)?:(?<account>\d{12})?:(?<resource>.*)$/;
const QUEUE_NAME = /^[a-zA-Z0-9_-]{1,80}$/;

/** Sources Lambda polls that Nubis has no service for. */
const UNSUPPORTED_SOURCES: Record<string, string> = {
  kinesis: 'Amazon Kinesis',
  kafka: 'Amazon MSK',
  mq: 'Amazon MQ',
  rds: 'Amazon DocumentDB',
};

export interface QueueSource {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
}

export function parseEventSource(arn: string | undefined): QueueSource {
  if (arn === undefined)
    throw invalidParameterValue('Unrecognized event source, must be kafka or specify an EventSourceArn');
  const match = ARN.exec(arn)?.groups;
  if (!match)
    throw validationError(
      arn,
      'eventSourceArn',
      `Member must satisfy regular expression pattern: ${ARN_PATTERN}`,
    );
  const service = match['service'] ?? '';
  const unsupported = UNSUPPORTED_SOURCES[service];
  if (unsupported) {
    throw invalidParameterValue(
      `Event sources of ${unsupported} are not supported by Nubis: only Amazon SQS queues and DynamoDB streams can be mapped.`,
    );
  }
  const name = match['resource'] ?? '';
  const fifo = name.endsWith('.fifo');
  const baseName = fifo ? name.slice(0, -'.fifo'.length) : name;
  if (service !== 'sqs' || !match['region'] || !match['account'] || !QUEUE_NAME.test(baseName))
    throw invalidParameterValue('Unrecognized event source.');
  return { arn, accountId: match['account'], region: match['region'], name, fifo };
}

/**
 * The queue's URL. A queue that does not exist is answered as Lambda answers it, quoting the error
 * SQS gave its poller; a queue in another region cannot be polled from this one.
 */
export async function queueUrlOf(
  client: InternalClient,
  scope: CallScope,
  source: QueueSource,
): Promise<string> {
  if (source.region === scope.region) {
    try {
      const output = await client.call<{ QueueUrl: string }>(
        'sqs',
        'GetQueueUrl',
        { QueueName: source.name, QueueOwnerAWSAccountId: source.accountId },
        scope,
      );
      return output.QueueUrl;
    } catch (error) {
      if (!isAwsError(error) || error.code !== 'QueueDoesNotExist') throw error;
    }
  }
  throw invalidParameterValue(
    'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. ' +
      'SQS Error Message: The specified queue does not exist or you do not have access to it.',
  );
}
