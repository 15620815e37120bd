// Function names as Lambda accepts them wherever a FunctionName goes: a name (`my-function`), a
// partial ARN (`123456789012:function:my-function`) or a full ARN, optionally with `:qualifier`.
import type { RequestContext } from '../../core/service.js';
import { functionNotFound, invalidParameterValue, validationError } from './errors.js';
import type { FunctionKey } from './store-functions.js';

/** The pattern Lambda's API reference gives for FunctionName, quoted in its validation message. */
const PATTERN_TEXT =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

const FULL_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):(?<account>\d{12}):function:(?<rest>.+)$/;
const PARTIAL_ARN = /^(?<account>\d{12}):function:(?<rest>.+)$/;
const NAME_AND_QUALIFIER = /^(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** Lambda: a name is 1–64 characters; the whole parameter at most 140 (170 with a qualifier). */
const MAX_NAME = 64;

export interface FunctionRef extends FunctionKey {
  qualifier: string | undefined;
}

function split(value: string): { region?: string; account?: string; rest: string } {
  const full = FULL_ARN.exec(value)?.groups;
  if (full) return { region: full['region'], account: full['account'], rest: full['rest'] ?? '' };
  const partial = PARTIAL_ARN.exec(value)?.groups;
  if (partial) return { account: partial['account'], rest: partial['rest'] ?? '' };
  return { rest: value };
}

/**
 * Parses a FunctionName in the caller's account and region. An ARN naming another account or
 * region cannot be seen from here, so it is not found (Lambda answers the same for a missing one).
 */
export function parseFunctionName(
  ctx: RequestContext,
  value: string,
  options: { qualifierAllowed: boolean; maxLength: number },
): FunctionRef {
  if (value.length > options.maxLength) {
    throw validationError(
      value,
      'functionName',
      `Member must have length less than or equal to ${options.maxLength}`,
    );
  }
  const parts = split(value);
  const match = NAME_AND_QUALIFIER.exec(parts.rest)?.groups;
  if (!match || (!options.qualifierAllowed && match['qualifier'] !== undefined)) {
    throw validationError(
      value,
      'functionName',
      `Member must satisfy regular expression pattern: ${PATTERN_TEXT}`,
    );
  }
  const name = match['name'] ?? '';
  if (name.length > MAX_NAME) {
    throw validationError(value, 'functionName', `Member must have length less than or equal to ${MAX_NAME}`);
  }
  const ref = { accountId: ctx.accountId, region: ctx.region, name, qualifier: match['qualifier'] };
  if ((parts.account && parts.account !== ctx.accountId) || (parts.region && parts.region !== ctx.region)) {
    throw functionNotFound(value);
  }
  return ref;
}

/** The function a full function ARN names, with its qualifier if it has one. */
export function functionRefOfArn(arn: string): FunctionRef | undefined {
  const full = FULL_ARN.exec(arn)?.groups;
  const match = full && NAME_AND_QUALIFIER.exec(full['rest'] ?? '')?.groups;
  if (!full || !match) return undefined;
  return {
    accountId: full['account'] ?? '',
    region: full['region'] ?? '',
    name: match['name'] ?? '',
    qualifier: match['qualifier'],
  };
}

/** Lambda's Qualifier parameter: a version number, an alias name or `$LATEST`. */
const QUALIFIER = /^[a-zA-Z0-9$_-]{1,128}$/;

/** Names that take no qualifier: CreateFunction, UpdateFunction*, PublishVersion, the alias operations. */
export const UNQUALIFIED_NAME = { qualifierAllowed: false, maxLength: 140 };

/**
 * Combines a qualifier in the name with a `Qualifier` parameter. Whether that version or alias
 * exists is for `getFunctionRow` to find out.
 */
export function resolveQualifier(ref: FunctionRef, qualifier: string | undefined): FunctionRef {
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) {
    throw validationError(
      qualifier,
      'qualifier',
      'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)',
    );
  }
  if (qualifier !== undefined && ref.qualifier !== undefined && qualifier !== ref.qualifier) {
    throw invalidParameterValue(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  return { ...ref, qualifier: qualifier ?? ref.qualifier };
}

/** A published version's qualifier is its number; anything else but `$LATEST` names an alias. */
export function isVersionNumber(qualifier: string): boolean {
  return /^[0-9]+$/.test(qualifier);
}

export function functionArn(key: FunctionKey): string {
  return `arn:aws:lambda:${key.region}:${key.accountId}:function:${key.name}`;
}

/** The ARN of a version or alias (`…:function:name:3`, `…:function:name:live`), or the function's. */
export function qualifiedArn(key: FunctionKey, qualifier: string | undefined): string {
  return qualifier === undefined ? functionArn(key) : `${functionArn(key)}:${qualifier}`;
}

/** TagResource, UntagResource and ListTags take a function's full ARN. */
export function parseResourceArn(ctx: RequestContext, value: string): FunctionRef {
  if (!FULL_ARN.test(value)) {
    throw validationError(
      value,
      'resource',
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
  return parseFunctionName(ctx, value, { qualifierAllowed: false, maxLength: 256 });
}
