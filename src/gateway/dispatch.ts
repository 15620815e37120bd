import { AwsError, CommonErrors, isAwsError } from '../core/aws-error.js';
import type { ServiceRuntime } from '../core/registry.js';
import { backgroundWritesSettled } from '../core/background-writes.js';
import { createRequestContext, type Caller } from '../core/context.js';
import type { ServiceEnvironment } from '../core/service.js';
import type { Codec, HttpRequest, HttpResponse } from '../protocol/types.js';

/** The codec that reads this request: the first whose protocol recognises it, else the primary one. */
export function selectCodec(runtime: ServiceRuntime, req: HttpRequest): Codec {
  const codecs = runtime.codecs();
  const codec = codecs.find((candidate) => candidate.accepts(req)) ?? codecs[0];
  if (!codec) throw new Error(`service ${runtime.name} has no model`);
  return codec;
}

/**
 * codec.resolveOperation → handler lookup (501 when missing) → codec.parseRequest (which checks
 * required members) → operation → codec.serializeResponse. An AwsError becomes the protocol's error
 * shape; anything else is a 500 InternalFailure whose details stay in the log, not in the response.
 */
export async function dispatch(
  runtime: ServiceRuntime,
  req: HttpRequest,
  caller: Caller,
  env: ServiceEnvironment,
): Promise<HttpResponse> {
  const codec = selectCodec(runtime, req);
  const meta = { requestId: caller.requestId };
  let operation: string | undefined;
  try {
    operation = codec.resolveOperation(req);
    const implementation = await runtime.implementation();
    const handler = implementation.operations[operation];
    if (!handler) throw CommonErrors.notImplemented(operation, runtime.name);
    const input = codec.parseRequest(operation, req);
    if (runtime.definition.readsBackgroundWrites) await backgroundWritesSettled();
    const ctx = createRequestContext(env, caller, {
      service: runtime.name,
      operation,
      protocol: codec.protocol,
      http: req,
    });
    const output: unknown = await handler(ctx, input);
    return codec.serializeResponse(operation, output ?? {}, meta);
  } catch (error) {
    return codec.serializeError(
      toAwsError(error, caller.requestId, runtime.name, operation),
      operation,
      meta,
    );
  }
}

function toAwsError(
  error: unknown,
  requestId: string,
  service: string,
  operation: string | undefined,
): AwsError {
  if (isAwsError(error)) return error;
  console.error(`[nubis] ${requestId} ${service}.${operation ?? '?'} failed:`, error);
  return CommonErrors.internalFailure(requestId);
}
