// The members CreateFunctionUrlConfig and UpdateFunctionUrlConfig check, with Lambda's validation
// messages, and a stored URL as Lambda's FunctionUrlConfig.
import type { Cors, FunctionUrlConfig } from '@aws-sdk/client-lambda';
import type { PlatformConfig } from '../../core/service.js';
import { parseJson } from './configuration.js';
import { validationError } from './errors.js';
import { functionArn } from './names.js';
import type { FunctionUrlRow } from './store-function-urls.js';
import { functionUrl } from './url-endpoint.js';

const AUTH_TYPES = ['NONE', 'AWS_IAM'];
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'];
/** A URL's qualifier is an alias name: neither `$LATEST` nor a version number. */
const QUALIFIER_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';
const QUALIFIER = new RegExp(QUALIFIER_PATTERN);
const MAX_AGE_S = 86_400;

function checkEnum(value: string | undefined, field: string, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw validationError(value, field, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
}

export function checkUrlQualifier(qualifier: string | undefined): void {
  if (qualifier === undefined) return;
  if (qualifier.length > 128)
    throw validationError(qualifier, 'qualifier', 'Member must have length less than or equal to 128');
  if (!QUALIFIER.test(qualifier)) {
    throw validationError(
      qualifier,
      'qualifier',
      `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
    );
  }
}

/** Lambda's limits on the Cors structure: at most 6 methods of up to 6 characters, 100 origins and headers. */
function checkList(
  values: string[] | undefined,
  field: string,
  limits: { items: number; length: number },
): void {
  if (values === undefined) return;
  const shown = `[${values.join(', ')}]`;
  if (values.length > limits.items)
    throw validationError(shown, field, `Member must have length less than or equal to ${limits.items}`);
  if (values.some((value) => value.length > limits.length)) {
    throw validationError(
      shown,
      field,
      `Member must satisfy constraint: [Member must have length less than or equal to ${limits.length}]`,
    );
  }
}

export function checkCors(cors: Cors | undefined): void {
  if (cors === undefined) return;
  checkList(cors.AllowMethods, 'cors.allowMethods', { items: 6, length: 6 });
  checkList(cors.AllowOrigins, 'cors.allowOrigins', { items: 100, length: 253 });
  checkList(cors.AllowHeaders, 'cors.allowHeaders', { items: 100, length: 1024 });
  checkList(cors.ExposeHeaders, 'cors.exposeHeaders', { items: 100, length: 1024 });
  if (cors.MaxAge !== undefined && (cors.MaxAge < 0 || cors.MaxAge > MAX_AGE_S)) {
    const bound = cors.MaxAge < 0 ? 'greater than or equal to 0' : `less than or equal to ${MAX_AGE_S}`;
    throw validationError(cors.MaxAge, 'cors.maxAge', `Member must have value ${bound}`);
  }
}

export function checkUrlMembers(input: { AuthType?: string; InvokeMode?: string; Cors?: Cors }): void {
  checkEnum(input.AuthType, 'authType', AUTH_TYPES);
  checkEnum(input.InvokeMode, 'invokeMode', INVOKE_MODES);
  checkCors(input.Cors);
}

/** Lambda's CreationTime and LastModifiedTime: ISO 8601 in UTC. */
function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function urlFunctionArn(row: FunctionUrlRow): string {
  const arn = functionArn({ accountId: row.account_id, region: row.region, name: row.function_name });
  return row.qualifier === '' ? arn : `${arn}:${row.qualifier}`;
}

export function toUrlConfig(config: PlatformConfig, row: FunctionUrlRow): FunctionUrlConfig {
  return {
    FunctionUrl: functionUrl(config, row.url_id, row.region),
    FunctionArn: urlFunctionArn(row),
    AuthType: row.auth_type as FunctionUrlConfig['AuthType'],
    Cors: parseJson<Cors>(row.cors),
    CreationTime: isoTime(row.created_at),
    LastModifiedTime: isoTime(row.modified_at),
    InvokeMode: row.invoke_mode as FunctionUrlConfig['InvokeMode'],
  };
}
