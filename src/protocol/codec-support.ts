// Steps every codec shares: finding the operation and checking the decoded input.
import type { AwsError } from '../core/aws-error.js';
import type { Operation, ServiceModel } from './model.js';
import type { ServiceQuirks } from './quirks/index.js';
import type { HttpRequest } from './types.js';
import { findMissing, type PathSegment } from './validate.js';

export interface InputRules {
  /** The protocol's own error for absent required members. */
  missing(paths: PathSegment[][]): AwsError;
  /** How the protocol names a member path in messages. */
  wireName(path: PathSegment[]): string;
}

/** The operation, or `unknown()` (the protocol's error) when the model has no such operation. */
export function operationOf(model: ServiceModel, name: string, unknown: () => AwsError): Operation {
  const operation = model.operation(name);
  if (!operation) throw unknown();
  return operation;
}

/** Applies the service's input quirks, then rejects absent `required` members (recursively). */
export function finishInput(
  operation: Operation,
  input: Record<string, unknown>,
  req: HttpRequest,
  quirks: ServiceQuirks,
  rules: InputRules,
): Record<string, unknown> {
  quirks.completeInput?.(operation, input, req);
  const missing = findMissing(operation.input, input);
  if (missing.length > 0) {
    throw quirks.missingRequired ? quirks.missingRequired(missing, rules.wireName) : rules.missing(missing);
  }
  return input;
}

/** Header names are compared lower case; the gateway hands them to codecs that way. */
export function header(req: HttpRequest, name: string): string | undefined {
  return req.headers[name];
}

export function mediaType(req: HttpRequest): string {
  return (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}
