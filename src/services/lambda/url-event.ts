// An HTTP request to a function URL as the event the function receives: API Gateway's HTTP API
// payload format 2.0, as Lambda's "Request payload format" for function URLs describes it.
import { accountForAccessKey } from '../../core/accounts.js';
import type { ClaimedRequest } from '../../core/service.js';
import type { FunctionUrlRow } from './store-function-urls.js';
import type { UrlTarget } from './url-endpoint.js';

/** Bodies of these content types reach the function as text; any other body is base64. */
const TEXT_TYPES = /^text\/|json|xml|javascript|x-www-form-urlencoded|yaml|graphql/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF time of requestContext.time. */
function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** Repeated parameters are joined with commas, as in the headers. */
function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

function bodyOf(request: ClaimedRequest): { body?: string; isBase64Encoded: boolean } {
  const body = request.http.body;
  if (body.length === 0) return { isBase64Encoded: false };
  if (TEXT_TYPES.test(request.http.headers['content-type'] ?? '')) {
    return { body: body.toString('utf8'), isBase64Encoded: false };
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/** AWS_IAM: who signed. Nubis knows the account of the access key, and takes the caller as its root. */
function iamAuthorizer(accessKey: string): Record<string, unknown> {
  const accountId = accountForAccessKey(accessKey);
  return {
    iam: {
      accessKey,
      accountId,
      callerId: accountId,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: `arn:aws:iam::${accountId}:root`,
      userId: accountId,
    },
  };
}

export function urlEvent(
  request: ClaimedRequest,
  target: UrlTarget,
  url: FunctionUrlRow,
  now: number,
): Record<string, unknown> {
  const { cookie, ...headers } = request.http.headers;
  const cookies = cookie
    ?.split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  const domainName = target.domainName ?? `${url.url_id}.lambda-url.${url.region}.localhost`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: target.path,
    rawQueryString: request.http.query,
    cookies: cookies?.length ? cookies : undefined,
    headers,
    queryStringParameters: queryParameters(request.http.query),
    requestContext: {
      accountId: url.account_id,
      apiId: url.url_id,
      authorizer:
        url.auth_type === 'AWS_IAM' && request.accessKeyId ? iamAuthorizer(request.accessKeyId) : undefined,
      domainName,
      domainPrefix: url.url_id,
      http: {
        method: request.http.method,
        path: target.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp.replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now,
    },
    ...bodyOf(request),
  };
}
