import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from '../core/aws-error.js';
import type { HttpResponse } from '../protocol/types.js';

/**
 * Answers for requests that reach no service, so there is no model to speak for them: JSON when the
 * client spoke JSON, otherwise the query protocol's XML error document (the most common AWS form).
 */
export function unidentifiedRequest(
  error: AwsError,
  headers: IncomingHttpHeaders,
  requestId: string,
): HttpResponse {
  const contentType = headers['content-type'] ?? '';
  if (contentType.includes('json') || headers['x-amz-target']) {
    return {
      status: error.status,
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }
  const type = error.senderFault ? 'Sender' : 'Receiver';
  return {
    status: error.status,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body:
      `<?xml version="1.0"?><ErrorResponse><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
