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
