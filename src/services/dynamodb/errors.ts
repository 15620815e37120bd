// DynamoDB's errors, with its messages (as recorded from DynamoDB by dynalite's suite and AWS docs).
import { AwsError } from '../../core/aws-error.js';

export const validation = (message: string): AwsError => new AwsError('ValidationException', message);

/** Table operations name the table; item operations say only this much. */
export const tableNotFound = (name?: string): AwsError =>
  new AwsError(
    'ResourceNotFoundException',
    name === undefined
      ? 'Requested resource not found'
      : `Requested resource not found: Table: ${name} not found`,
  );

export const resourceNotFound = (message: string): AwsError =>
  new AwsError('ResourceNotFoundException', message);

export const tableExists = (name: string): AwsError =>
  new AwsError('ResourceInUseException', `Table already exists: ${name}`);

export const tableInUse = (reason: string, name: string): AwsError =>
  new AwsError(
    'ResourceInUseException',
    `Attempt to change a resource which is still in use: ${reason}: ${name}`,
  );

export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceededException', message);

export const conditionalCheckFailed = (item?: Record<string, unknown>): AwsError =>
  new AwsError('ConditionalCheckFailedException', 'The conditional request failed', {
    fields: item ? { Item: item } : undefined,
  });

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

/**
 * A cancelled transaction: one reason per action, in request order ("None" for actions that
 * would have succeeded). DynamoDB lists the codes in the message and spells the member `Message`.
 */
export const transactionCanceled = (reasons: CancellationReason[]): AwsError =>
  new AwsError('TransactionCanceledException', '', {
    fields: {
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
        .map((reason) => reason.Code)
        .join(', ')}]`,
      CancellationReasons: reasons,
    },
  });

export const idempotentParameterMismatch = (): AwsError =>
  new AwsError(
    'IdempotentParameterMismatchException',
    'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.',
  );
