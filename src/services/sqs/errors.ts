// Every error SQS answers with, with AWS's codes and messages. SQS is `awsQueryCompatible`: `code`
// is the JSON shape name (`__type`), `queryCode` the legacy query-protocol code (the SDK model's
// `awsQueryError` trait), which JSON responses also carry in `x-amzn-query-error`.
import { AwsError } from '../../core/aws-error.js';
import type { ProtocolName } from '../../protocol/types.js';

function sqsError(code: string, queryCode: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, { queryCode, status });
}

/** Unmodeled, raised by AWS's request framework: JSON `InvalidParameterValueException`, query `InvalidParameterValue`. */
export function invalidParameterValue(message: string): AwsError {
  return sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);
}

/** "Value X for parameter Y is invalid. Reason: Z" — the phrasing AWS uses for request parameters. */
export function invalidParameter(name: string, value: unknown, reason: string): AwsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
}

export function missingParameter(name: string): AwsError {
  return sqsError(
    'MissingRequiredParameterException',
    'MissingParameter',
    `The request must contain the parameter ${name}.`,
  );
}

/** The query protocol's message predates the JSON one ("… for this wsdl version."). */
export function queueDoesNotExist(protocol: ProtocolName): AwsError {
  const message =
    protocol === 'query'
      ? 'The specified queue does not exist for this wsdl version.'
      : 'The specified queue does not exist.';
  return sqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', message);
}

export function queueNameExists(attribute: string): AwsError {
  return sqsError(
    'QueueNameExists',
    'QueueAlreadyExists',
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );
}

export function queueDeletedRecently(): AwsError {
  return sqsError(
    'QueueDeletedRecently',
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );
}

export function invalidAttributeName(message: string): AwsError {
  return sqsError('InvalidAttributeName', 'InvalidAttributeName', message);
}

export function unknownAttribute(name: string): AwsError {
  return invalidAttributeName(`Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string, reason?: string): AwsError {
  const suffix = reason ? ` Reason: ${reason}` : '';
  return sqsError(
    'InvalidAttributeValue',
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name}.${suffix}`,
  );
}

/** SendMessage: the body holds a character outside the XML 1.0 set AWS allows. */
export function invalidMessageContents(codePoint: number): AwsError {
  const hex = codePoint.toString(16).toUpperCase();
  return sqsError(
    'InvalidMessageContents',
    'InvalidMessageContents',
    `Invalid binary character '#x${hex}' was found in the message body, the set of allowed characters is ` +
      '#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );
}

/** A single SendMessage says "are invalid"; a batch entry says "cannot be validated" (as AWS does). */
export function messageTooLong(maxBytes: number, inBatch = false): AwsError {
  const lead = inBatch
    ? 'One or more parameters cannot be validated.'
    : 'One or more parameters are invalid.';
  return invalidParameterValue(`${lead} Reason: Message must be shorter than ${maxBytes} bytes.`);
}

export function receiptHandleIsInvalid(handle: string): AwsError {
  return sqsError(
    'ReceiptHandleIsInvalid',
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );
}

/** FIFO: a handle whose visibility window is over can no longer delete or change the message. */
export function receiptHandleExpired(handle: string): AwsError {
  return invalidParameter('ReceiptHandle', handle, 'The receipt handle has expired.');
}

export function messageNotAvailableForVisibility(handle: string): AwsError {
  return invalidParameter(
    'ReceiptHandle',
    handle,
    'Message does not exist or is not available for visibility timeout change.',
  );
}

/** The modeled MessageNotInflight carries no message member; AWS sends a short text anyway. */
export function messageNotInflight(): AwsError {
  return sqsError(
    'MessageNotInflight',
    'AWS.SimpleQueueService.MessageNotInflight',
    'The message is not in flight.',
  );
}

export function visibilityBeyondLimit(value: number): AwsError {
  return invalidParameter(
    'VisibilityTimeout',
    value,
    'Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
  );
}

export function purgeQueueInProgress(queueName: string): AwsError {
  return sqsError(
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    403,
  );
}

export function emptyBatchRequest(entryName: string): AwsError {
  return sqsError(
    'EmptyBatchRequest',
    'AWS.SimpleQueueService.EmptyBatchRequest',
    `There should be at least one ${entryName} in the request.`,
  );
}

export function tooManyEntriesInBatchRequest(count: number): AwsError {
  return sqsError(
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );
}

export function batchEntryIdsNotDistinct(id: string): AwsError {
  return sqsError(
    'BatchEntryIdsNotDistinct',
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`,
  );
}

export function invalidBatchEntryId(): AwsError {
  return sqsError(
    'InvalidBatchEntryId',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );
}

export function batchRequestTooLong(sentBytes: number): AwsError {
  return sqsError(
    'BatchRequestTooLong',
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than 1048576 bytes. You have sent ${sentBytes} bytes.`,
  );
}

export function resourceNotFound(message: string): AwsError {
  return sqsError('ResourceNotFoundException', 'ResourceNotFoundException', message, 404);
}

export function overLimit(message: string): AwsError {
  return sqsError('OverLimit', 'OverLimit', message, 403);
}

/** StartMessageMoveTask & co.: an ARN parameter that is not an ARN at all. */
export function invalidArnFormat(parameter: string): AwsError {
  return invalidParameterValue(
    `You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`,
  );
}
