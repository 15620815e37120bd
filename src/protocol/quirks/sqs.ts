// SQS: an `awsQueryCompatible` JSON service that still answers query requests (old CLIs, boto3).
// Its errors carry two codes: the JSON shape name (`__type`) and the legacy query code
// (`x-amzn-query-error` header in JSON, `<Code>` in XML); the tables below follow what AWS answers.
import { AwsError } from '../../core/aws-error.js';
import type { HttpRequest } from '../types.js';
import type { PathSegment } from '../validate.js';
import type { ServiceQuirks } from './index.js';
import { coralErrorType } from './coral.js';
import type { Operation } from '../model.js';

/** Exceptions modeled in SQS's JSON model; AWS gives them the `com.amazonaws.sqs#` namespace. */
const MODELED = new Set([
  'BatchEntryIdsNotDistinct',
  'BatchRequestTooLong',
  'EmptyBatchRequest',
  'InvalidAddress',
  'InvalidAttributeName',
  'InvalidAttributeValue',
  'InvalidBatchEntryId',
  'InvalidIdFormat',
  'InvalidMessageContents',
  'InvalidSecurity',
  'KmsAccessDenied',
  'KmsDisabled',
  'KmsInvalidKeyUsage',
  'KmsInvalidState',
  'KmsNotFound',
  'KmsOptInRequired',
  'KmsThrottled',
  'MessageNotInflight',
  'OverLimit',
  'PurgeQueueInProgress',
  'QueueDeletedRecently',
  'QueueDoesNotExist',
  'QueueNameExists',
  'ReceiptHandleIsInvalid',
  'RequestThrottled',
  'ResourceNotFoundException',
  'TooManyEntriesInBatchRequest',
  'UnsupportedOperation',
]);

/** JSON codes whose query code differs (besides the `AWS.SimpleQueueService.` prefixed ones). */
const QUERY_CODES: Record<string, string> = {
  InvalidParameterValueException: 'InvalidParameterValue',
  MissingRequiredParameterException: 'MissingParameter',
  AccessDeniedException: 'AccessDenied',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  SerializationException: 'MalformedInput',
};

const PREFIXED = new Set([
  'BatchEntryIdsNotDistinct',
  'BatchRequestTooLong',
  'EmptyBatchRequest',
  'InvalidBatchEntryId',
  'MessageNotInflight',
  'PurgeQueueInProgress',
  'QueueDeletedRecently',
  'TooManyEntriesInBatchRequest',
  'UnsupportedOperation',
]);

export const sqsQuirks: ServiceQuirks = {
  errorType(code) {
    if (MODELED.has(code)) return `com.amazonaws.sqs#${code}`;
    // Errors the framework raises (InvalidParameterValueException...) carry coral's namespace.
    return coralErrorType(code) ?? `com.amazon.coral.service#${code}`;
  },

  queryCode(code) {
    if (QUERY_CODES[code]) return QUERY_CODES[code];
    return PREFIXED.has(code) ? `AWS.SimpleQueueService.${code}` : undefined;
  },

  /** SQS answers "The request must contain the parameter MessageBody." in both protocols. */
  missingRequired(paths: PathSegment[][], wireName) {
    const first = paths[0] ?? [];
    return new AwsError(
      'MissingRequiredParameterException',
      `The request must contain the parameter ${wireName(first)}.`,
      {
        queryCode: 'MissingParameter',
      },
    );
  },

  invalidAction(action) {
    return new AwsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
  },

  queryErrorDetail: true,

  /** Query requests may be posted to the queue URL itself instead of naming it in `QueueUrl`. */
  completeInput(operation: Operation, input, req: HttpRequest) {
    if (input.QueueUrl !== undefined || !operation.input?.members.has('QueueUrl') || !isQueuePath(req.path))
      return;
    const host = req.headers.host ?? 'localhost';
    const scheme = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
    input.QueueUrl = `${scheme}://${host}${req.path}`;
  },
};

/** `/<12-digit account>/<queue name>`, the path of an SQS queue URL. */
function isQueuePath(path: string): boolean {
  return /^\/\d{12}\/[^/]+$/.test(path);
}
