// Which services a recorded execution uses, read from its definition's Task resources (and a Map's
// ItemReader), and which of them Nubis cannot provide: such cases are counted and skipped, with the
// reason, rather than replayed.
import type { RecordedCase } from '../../support/stepfunctions-cases.js';

/** The services Nubis implements that a recording's Task states call. */
const PROVIDED = new Set(['lambda', 'sqs', 'dynamodb', 'states']);

/** Why a service a recording needs is missing from Nubis. */
const MISSING: Record<string, string> = {
  s3: 'Nubis has no S3',
  sns: 'Nubis has no SNS',
  events: 'Nubis has no EventBridge',
  secretsmanager: 'Nubis has no Secrets Manager',
};

function resources(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => resources(item, found));
  else if (typeof value === 'object' && value !== null)
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Resource' && typeof inner === 'string') found.push(inner);
      else resources(inner, found);
    }
  return found;
}

/** `arn:aws:states:::sqs:sendMessage.waitForTaskToken` → sqs; `…:aws-sdk:s3:getObject` → s3; a function ARN → lambda. */
function serviceOf(resource: string): string {
  if (/^arn:[^:]+:lambda:/.test(resource)) return 'lambda';
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) return 'states';
  const [service] = resource.replace(/^arn:[^:]+:states:::(aws-sdk:)?/, '').split(':');
  return service ?? resource;
}

/** The services the recording's definition uses, sorted; a Distributed Map counts as `states (Distributed Map)`. */
export function servicesOf(recorded: RecordedCase): string[] {
  const services = new Set(resources(recorded.definition).map(serviceOf));
  if (JSON.stringify(recorded.definition).includes('"DISTRIBUTED"')) services.add('states (Distributed Map)');
  return [...services].sort();
}

/** Why Nubis cannot replay the recording, or undefined when it has every service it uses. */
export function missingService(services: string[]): string | undefined {
  const missing = services.filter(
    (service) => !PROVIDED.has(service) && service !== 'states (Distributed Map)',
  );
  if (missing.length === 0) return undefined;
  return missing.map((service) => MISSING[service] ?? `Nubis has no ${service}`).join('; ');
}
