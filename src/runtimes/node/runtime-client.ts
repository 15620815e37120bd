/** The runtime's side of the Lambda Runtime API, over one keep-alive loopback connection. */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface NextInvocation {
  headers: IncomingHttpHeaders;
  body: string;
}

function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<NextInvocation> {
  const api = process.env['AWS_LAMBDA_RUNTIME_API'];
  return new Promise((resolve, reject) => {
    const req = request(`http://${api}/2018-06-01/runtime/${path}`, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function nextInvocation(): Promise<NextInvocation> {
  return call('GET', 'invocation/next');
}

export async function postResponse(requestId: string, body: string): Promise<void> {
  await call('POST', `invocation/${encodeURIComponent(requestId)}/response`, body, {
    'Content-Type': 'application/json',
  });
}

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export async function postError(requestId: string | undefined, error: ErrorBody): Promise<void> {
  const path = requestId === undefined ? 'init/error' : `invocation/${encodeURIComponent(requestId)}/error`;
  await call('POST', path, JSON.stringify(error), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': error.errorType,
  });
}
