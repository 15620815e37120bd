// AddPermission's statement, checked and written as Lambda writes it into the function's policy.
import type { AddPermissionRequest } from '@aws-sdk/client-lambda';
import { validationError } from './errors.js';

const STATEMENT_ID = '([a-zA-Z0-9-_]+)';
const ACTION = '(lambda:[*]|lambda:[a-zA-Z]+|[*])';
const PRINCIPAL = '[^\\s]+';
const SOURCE_ACCOUNT = '\\d{12}';
const SOURCE_ARN =
  'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const URL_AUTH_TYPES = ['NONE', 'AWS_IAM'];

function checkPattern(value: string | undefined, field: string, pattern: string): void {
  if (value !== undefined && !new RegExp(`^${pattern}$`).test(value)) {
    throw validationError(value, field, `Member must satisfy regular expression pattern: ${pattern}`);
  }
}

export function checkPermission(input: AddPermissionRequest): void {
  const sid = input.StatementId ?? '';
  if (sid.length > 100)
    throw validationError(sid, 'statementId', 'Member must have length less than or equal to 100');
  checkPattern(sid, 'statementId', STATEMENT_ID);
  checkPattern(input.Action, 'action', ACTION);
  checkPattern(input.Principal, 'principal', PRINCIPAL);
  checkPattern(input.SourceAccount, 'sourceAccount', SOURCE_ACCOUNT);
  checkPattern(input.SourceArn, 'sourceArn', SOURCE_ARN);
  const authType = input.FunctionUrlAuthType;
  if (authType !== undefined && !URL_AUTH_TYPES.includes(authType)) {
    throw validationError(
      authType,
      'functionUrlAuthType',
      `Member must satisfy enum value set: [${URL_AUTH_TYPES.join(', ')}]`,
    );
  }
}

/** `*` stays as is; an account id becomes its root ARN; an ARN is an AWS principal; else a service. */
function principalOf(principal: string): string | Record<string, string> {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

function conditionOf(input: AddPermissionRequest): Record<string, Record<string, string>> | undefined {
  const equals: Record<string, string> = {};
  if (input.SourceAccount !== undefined) equals['AWS:SourceAccount'] = input.SourceAccount;
  if (input.PrincipalOrgID !== undefined) equals['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.EventSourceToken !== undefined) equals['lambda:EventSourceToken'] = input.EventSourceToken;
  if (input.FunctionUrlAuthType !== undefined)
    equals['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition['StringEquals'] = equals;
  if (input.SourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': input.SourceArn };
  return Object.keys(condition).length > 0 ? condition : undefined;
}

export function policyStatement(input: AddPermissionRequest, resource: string): Record<string, unknown> {
  return {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principalOf(input.Principal ?? ''),
    Action: input.Action,
    Resource: resource,
    Condition: conditionOf(input),
  };
}

/** GetPolicy's document: Lambda's fixed Version and Id around the statements. */
export function policyDocument(statements: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: statements.map((statement) => JSON.parse(statement) as unknown),
  });
}
