// Where AWS services differ from their protocol's general rules. Each service's quirks live in
// their own file; codecs ask `quirksFor(model)` and fall back to the protocol's defaults.
import type { AwsError } from '../../core/aws-error.js';
import type { Operation, ServiceModel } from '../model.js';
import type { HttpRequest } from '../types.js';
import type { PathSegment } from '../validate.js';
import { sqsQuirks } from './sqs.js';
import { lambdaQuirks } from './lambda.js';
import { s3Quirks } from './s3.js';
import { dynamodbQuirks } from './dynamodb.js';

export interface ServiceQuirks {
  /** JSON `__type` for an error code (e.g. `com.amazonaws.sqs#QueueDoesNotExist`). */
  errorType?(code: string): string | undefined;
  /** The query-protocol code of an error that carries no `queryCode`. */
  queryCode?(code: string): string | undefined;
  /** The error for absent `required` members; `wireName` renders a path as the protocol names it. */
  missingRequired?(paths: PathSegment[][], wireName: (path: PathSegment[]) => string): AwsError;
  /** Query protocol: the answer to an `Action` the model lacks. */
  invalidAction?(action: string): AwsError;
  /** Query protocol: SQS adds an empty `<Detail/>` to `<Error>`. */
  queryErrorDetail?: boolean;
  /**
   * JSON: the operation receives the request body as parsed, and its output is written as it is
   * (DynamoDB checks types with its own messages, and items would cost a model walk each way).
   */
  rawJson?: boolean;
  /** Headers computed from a response body (DynamoDB's `x-amz-crc32`). */
  bodyHeaders?(body: string): Record<string, string>;
  /** Completes a decoded input from the request before validation (SQS: QueueUrl from the path). */
  completeInput?(operation: Operation, input: Record<string, unknown>, req: HttpRequest): void;
  /** REST-JSON error body (Lambda: `{"Type":"User","Message":...}`). */
  restJsonErrorBody?(error: AwsError): Record<string, unknown>;
  /** REST-XML: the namespace of output documents when the model names none (S3's). */
  xmlNamespace?: string;
  /** REST-XML: the root element of an operation's output document. */
  xmlRootName?(operation: string): string | undefined;
  /** REST-XML: an output written as a bare root element's text (S3 GetBucketLocation). */
  xmlTextRoot?(operation: string): { member: string; element: string } | undefined;
}

const BY_SIGNING_NAME: Record<string, ServiceQuirks> = {
  sqs: sqsQuirks,
  lambda: lambdaQuirks,
  s3: s3Quirks,
  dynamodb: dynamodbQuirks,
};

const NONE: ServiceQuirks = {};

export function quirksFor(model: ServiceModel): ServiceQuirks {
  return BY_SIGNING_NAME[model.metadata.signingName] ?? NONE;
}
