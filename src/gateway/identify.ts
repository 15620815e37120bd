import type { ServiceRegistry, ServiceRuntime } from '../core/registry.js';
import type { HttpRequest } from '../protocol/types.js';

/**
 * Finds the service a request is for, in the order AWS clients give the most certain answer:
 * the SigV4 credential scope's service name, the `X-Amz-Target` header, path rules (SQS queue
 * URLs), host rules (`sqs.us-east-1.amazonaws.com`), and last the query protocol's `Action`.
 */
export function identifyService(
  registry: ServiceRegistry,
  req: HttpRequest,
  signingName: string | undefined,
): ServiceRuntime | undefined {
  return identifyBeforeBody(registry, req, signingName) ?? byAction(registry, req);
}

/** What can be told from the request line and headers alone (to choose a body limit, say). */
export function identifyBeforeBody(
  registry: ServiceRegistry,
  req: HttpRequest,
  signingName: string | undefined,
): ServiceRuntime | undefined {
  return (
    bySigningName(registry, signingName) ??
    byTarget(registry, req) ??
    byPath(registry, req.path) ??
    byHost(registry, req.headers['host'])
  );
}

/** The service that answers requests no rule identified, if one does. */
export function unidentifiedService(registry: ServiceRegistry): ServiceRuntime | undefined {
  return registry.all().find((runtime) => runtime.definition.answersUnidentified);
}

function bySigningName(
  registry: ServiceRegistry,
  signingName: string | undefined,
): ServiceRuntime | undefined {
  return signingName ? registry.get(signingName) : undefined;
}

function byTarget(registry: ServiceRegistry, req: HttpRequest): ServiceRuntime | undefined {
  if (!req.headers['x-amz-target']) return undefined;
  return registry
    .all()
    .find((runtime) => runtime.codecs().some((codec) => codec.protocol === 'json' && codec.accepts(req)));
}

function byPath(registry: ServiceRegistry, path: string): ServiceRuntime | undefined {
  return registry.all().find((runtime) => runtime.definition.matchesPath?.(path));
}

/** `sqs.us-east-1.amazonaws.com`, `sts.localhost`: the first label names the service. */
function byHost(registry: ServiceRegistry, host: string | undefined): ServiceRuntime | undefined {
  const firstLabel = host?.split('.')[0];
  if (!firstLabel || !host?.includes('.')) return undefined;
  return registry.get(firstLabel.toLowerCase());
}

function byAction(registry: ServiceRegistry, req: HttpRequest): ServiceRuntime | undefined {
  const action = queryAction(req);
  if (!action) return undefined;
  return registry
    .all()
    .find((runtime) =>
      runtime.codecs().some((codec) => codec.protocol === 'query' && codec.operationNames().includes(action)),
    );
}

function queryAction(req: HttpRequest): string | undefined {
  const fromQuery = new URLSearchParams(req.query).get('Action');
  if (fromQuery) return fromQuery;
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(req.body.toString('utf8')).get('Action') ?? undefined;
}
