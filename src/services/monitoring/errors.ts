// Every error CloudWatch metrics answers with. CloudWatch is `awsQueryCompatible`: `code` is the JSON
// shape name, `queryCode` the query-protocol code (the SDK model's `awsQueryError` trait).
import { AwsError } from '../../core/aws-error.js';

function cloudWatchError(code: string, queryCode: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, { queryCode, status });
}

export function invalidParameterValue(message: string): AwsError {
  return cloudWatchError('InvalidParameterValueException', 'InvalidParameterValue', message);
}

/** "The value X for parameter Y is invalid." — CloudWatch's wording for a rejected value. */
export function invalidValue(name: string, value: unknown): AwsError {
  return invalidParameterValue(`The value ${String(value)} for parameter ${name} is invalid.`);
}

export function invalidParameterCombination(message: string): AwsError {
  return cloudWatchError('InvalidParameterCombinationException', 'InvalidParameterCombination', message);
}

/** Two members given where AWS accepts only one of them. */
export function mutuallyExclusive(first: string, second: string): AwsError {
  return invalidParameterCombination(
    `The parameters ${first} and ${second} are mutually exclusive and you have specified both.`,
  );
}

export function missingParameter(message: string): AwsError {
  return cloudWatchError('MissingRequiredParameterException', 'MissingParameter', message);
}

export function invalidNextToken(): AwsError {
  return cloudWatchError('InvalidNextToken', 'InvalidNextToken', 'The service returned an invalid token.');
}

/** GetMetricData's request checks (ids, expressions) answer ValidationError. */
export function validationError(message: string): AwsError {
  return cloudWatchError('ValidationException', 'ValidationError', message);
}

/** More datapoints than GetMetricStatistics answers (AWS formats the count with thousands separators). */
export function tooManyDatapoints(count: number): AwsError {
  return invalidParameterCombination(
    `You have requested up to ${count.toLocaleString('en-US')} datapoints, which exceeds the limit of 1,440. ` +
      'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
  );
}
