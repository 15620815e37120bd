/**
 * The Node.js runtime of an execution environment (Nubis's equivalent of Lambda's runtime
 * interface client): loads the handler named by `_HANDLER` from `LAMBDA_TASK_ROOT`, then loops on
 * the Runtime API — next event, invoke, post the response or error.
 *
 * As on Lambda: async handlers resolve with the result; callback handlers (not on nodejs24.x, which
 * dropped them) answer through `callback`, and by default the answer waits for the event loop to
 * empty (`context.callbackWaitsForEmptyEventLoop`); `console.*` writes one record per call,
 * `timestamp\trequestId\tLEVEL\tmessage`; an uncaught exception or unhandled rejection fails the
 * invocation and ends the process, so the next invocation gets a fresh environment. Packages of
 * the function's layers and the AWS SDK resolve for `require` and `import` (resolution.ts).
 */
import { format } from 'node:util';
import { loadHandler, RuntimeError, stackOf, type Handler } from './handler.js';
import { configureModuleResolution } from './resolution.js';
import {
  nextInvocation,
  postError,
  postErrorAndWaitNext,
  postResponseAndWaitNext,
  type ErrorBody,
  takeRuntimeSocket,
  type NextInvocation,
} from './runtime-client.js';
import { warmUp } from './warm-up.js';

const env = process.env;
let currentRequestId: string | undefined;

function errorBody(error: unknown): ErrorBody {
  if (error instanceof RuntimeError)
    return { errorType: error.errorType, errorMessage: error.message, trace: error.trace };
  if (error instanceof Error)
    return { errorType: error.name, errorMessage: error.message, trace: stackOf(error) };
  // `throw 'text'` reaches Lambda's caller as errorType "string".
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** Lambda's text log format; a message's own newlines become `\r` so that one call stays one line. */
function patchConsole(): void {
  const levels = {
    log: 'INFO',
    info: 'INFO',
    warn: 'WARN',
    error: 'ERROR',
    debug: 'DEBUG',
    trace: 'TRACE',
  } as const;
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const message = format(...args).replace(/\n/g, '\r');
      process.stdout.write(
        `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`,
      );
    };
  }
}

function header(invocation: NextInvocation, name: string): string | undefined {
  const value = invocation.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function contextFor(invocation: NextInvocation, requestId: string) {
  const deadline = Number(header(invocation, 'lambda-runtime-deadline-ms'));
  const clientContext = header(invocation, 'lambda-runtime-client-context');
  const identity = header(invocation, 'lambda-runtime-cognito-identity');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env['AWS_LAMBDA_FUNCTION_NAME'],
    functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'],
    invokedFunctionArn: header(invocation, 'lambda-runtime-invoked-function-arn'),
    memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'],
    awsRequestId: requestId,
    logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'],
    logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
    clientContext: clientContext ? (JSON.parse(clientContext) as unknown) : undefined,
    identity: identity ? (JSON.parse(identity) as unknown) : undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Callback handlers are gone from nodejs24.x; there a third parameter is just ignored. */
function acceptsCallback(handler: Handler): boolean {
  return handler.length >= 3 && !(env['AWS_EXECUTION_ENV'] ?? '').includes('nodejs24');
}

function run(handler: Handler, event: unknown, context: ReturnType<typeof contextFor>): Promise<unknown> {
  if (!acceptsCallback(handler)) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown) => {
      const settle = () => (error !== undefined && error !== null ? reject(error) : resolve(result));
      // The answer waits for the event loop to empty, unless the handler said not to.
      if (context.callbackWaitsForEmptyEventLoop) process.once('beforeExit', settle);
      else settle();
    };
    const returned = handler(event, context, callback);
    if (returned && typeof (returned as Promise<unknown>).then === 'function')
      (returned as Promise<unknown>).then(resolve, reject);
  });
}

/** Runs one event; answers it and, in the same write, asks for the next one, which it resolves with. */
async function invokeOnce(handler: Handler, invocation: NextInvocation): Promise<NextInvocation> {
  const requestId = header(invocation, 'lambda-runtime-aws-request-id') ?? '';
  currentRequestId = requestId;
  let answer: () => Promise<NextInvocation>;
  try {
    const event: unknown = invocation.body === '' ? undefined : JSON.parse(invocation.body);
    const result = await run(handler, event, contextFor(invocation, requestId));
    const body = JSON.stringify(result === undefined ? null : result);
    answer = () => postResponseAndWaitNext(requestId, body);
  } catch (error) {
    const body = errorBody(error);
    answer = () => postErrorAndWaitNext(requestId, body);
  }
  currentRequestId = undefined;
  return answer();
}

/** An exception nobody catches fails the invocation in flight and ends the environment. */
function failFast(errorType: string | undefined) {
  return (error: unknown) => {
    const body = errorBody(error);
    const failure = errorType ? { ...body, errorType } : body;
    console.error(`${failure.errorType}: ${failure.errorMessage}`);
    void postError(currentRequestId, failure).finally(() => process.exit(129));
  };
}

/**
 * A pre-started environment (NUBIS_PREWARMED=1) has Node.js and this runtime loaded already; it
 * warms up (warm-up.ts), then waits for its function's variables and working directory as one
 * JSON line on stdin, so that a cold start only loads the function's code.
 */
async function assignment(): Promise<void> {
  if (env['NUBIS_PREWARMED'] !== '1') return;
  await warmUp();
  const line = await new Promise<string>((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end !== -1) resolve(text.slice(0, end));
    });
  });
  process.stdin.pause();
  process.stdin.unref();
  const { variables, cwd } = JSON.parse(line) as { variables: Record<string, string>; cwd: string };
  delete env['NUBIS_PREWARMED'];
  Object.assign(env, variables);
  process.chdir(cwd);
}

async function main(): Promise<void> {
  await assignment();
  takeRuntimeSocket(env);
  configureModuleResolution(env);
  patchConsole();
  process.on('uncaughtException', failFast(undefined));
  process.on('unhandledRejection', failFast('Runtime.UnhandledPromiseRejection'));
  let handler: Handler;
  try {
    handler = await loadHandler(env['LAMBDA_TASK_ROOT'] ?? process.cwd(), env['_HANDLER'] ?? '');
  } catch (error) {
    const body = errorBody(error);
    console.error(`${body.errorType}: ${body.errorMessage}`);
    await postError(undefined, body);
    process.exit(129);
  }
  let invocation = await nextInvocation();
  for (;;) invocation = await invokeOnce(handler, invocation);
}

void main();
