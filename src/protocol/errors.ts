// The errors the protocol layer itself answers with, in AWS's own words.
import { AwsError } from '../core/aws-error.js';

/** JSON protocols: a body AWS cannot read. Coral sends these without a message for malformed JSON. */
export function serializationError(message = ''): AwsError {
  return new AwsError('SerializationException', message, { queryCode: 'MalformedInput' });
}

/** JSON protocols: X-Amz-Target missing or naming no operation (coral answers without a message). */
export function unknownOperationError(): AwsError {
  return new AwsError('UnknownOperationException', '');
}

/** Coral's message for members that are `required` but absent (JSON, REST-JSON and coral query services). */
export function coralValidationMessage(paths: string[]): string {
  const count = paths.length;
  const each = paths.map((p) => `Value null at '${p}' failed to satisfy constraint: Member must not be null`);
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${each.join('; ')}`;
}

export function validationError(paths: string[]): AwsError {
  return new AwsError('ValidationException', coralValidationMessage(paths));
}

/** Query protocol (SQS's wording): a required parameter is absent. */
export function missingParameterError(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}.`, {
    queryCode: 'MissingParameter',
  });
}

/** Query protocol: no `Action` parameter. */
export function missingActionError(): AwsError {
  return new AwsError('MissingAction', 'The request must contain the parameter Action.');
}

/** Query protocol: an `Action` value the model does not have (coral's wording; SQS has its own quirk). */
export function invalidActionError(action: string, version: string): AwsError {
  return new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`);
}

/** Query protocol: a value that cannot be read as the member's modeled type. */
export function invalidParameterValueError(name: string, value: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${value} for parameter ${name} is invalid.`);
}

/** Query protocol: a body that is not a readable form (bad percent-encoding or UTF-8). */
export function malformedQueryError(): AwsError {
  return new AwsError('MalformedQueryString', 'The query string contains a syntax error.');
}
