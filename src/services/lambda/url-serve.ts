// Serves HTTP requests to function URLs: finds the URL by its url-id, applies its auth type and
// CORS, and runs the function through Lambda's own Invoke (internal client, RequestResponse), so
// logs, metrics and throttling apply as to any invocation.
import type { Cors } from '@aws-sdk/client-lambda';
import { isAwsError } from '../../core/aws-error.js';
import type { ClaimedRequest, ServiceEnvironment } from '../../core/service.js';
import type { HttpResponse } from '../../protocol/types.js';
import { parseJson } from './configuration.js';
import { findFunctionUrlById, type FunctionUrlRow } from './store-function-urls.js';
import { isPreflight, preflightResponse, withCors } from './url-cors.js';
import { urlTarget } from './url-endpoint.js';
import { urlEvent } from './url-event.js';
import { badGateway, toHttpResponse, urlError } from './url-response.js';

/** Lambda answers 403 Forbidden for a URL that does not exist and for an unsigned AWS_IAM request. */
const forbidden = () => urlError(403, 'Forbidden');

export async function serveFunctionUrl(
  env: ServiceEnvironment,
  request: ClaimedRequest,
): Promise<HttpResponse> {
  const target = urlTarget({ path: request.http.path, host: request.http.headers['host'] });
  const url = target && (await findFunctionUrlById(env.storage.db, target.urlId));
  if (!target || !url || (target.region !== undefined && target.region !== url.region)) return forbidden();
  const cors = parseJson<Cors>(url.cors);
  const { method, headers } = request.http;
  if (cors && isPreflight(method, headers)) return preflightResponse(cors, headers);
  // Signatures are parsed, not verified: any SigV4-signed request passes AWS_IAM.
  if (url.auth_type === 'AWS_IAM' && !request.accessKeyId) return forbidden();
  const response = await invokeFunction(env, url, urlEvent(request, target, url, env.clock.now()));
  return cors ? withCors(response, cors, headers['origin']) : response;
}

async function invokeFunction(
  env: ServiceEnvironment,
  url: FunctionUrlRow,
  event: Record<string, unknown>,
): Promise<HttpResponse> {
  try {
    const output = await env.client.call<{ FunctionError?: string; Payload?: Buffer }>(
      'lambda',
      'Invoke',
      {
        FunctionName: url.function_name,
        Qualifier: url.qualifier === '' ? undefined : url.qualifier,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(event)),
      },
      { accountId: url.account_id, region: url.region },
    );
    if (output.FunctionError !== undefined) return badGateway();
    return toHttpResponse(output.Payload) ?? badGateway();
  } catch (error) {
    return invokeFailure(error);
  }
}

/** Throttling is 429 and an oversized request 413, as on Lambda; any other failure is a 502. */
function invokeFailure(error: unknown): HttpResponse {
  if (isAwsError(error) && error.code === 'TooManyRequestsException') return urlError(429, 'Rate Exceeded.');
  if (isAwsError(error) && error.code === 'RequestTooLargeException')
    return urlError(413, 'Request Entity Too Large');
  if (!isAwsError(error)) console.error('[nubis] function URL invocation failed:', error);
  return badGateway();
}
