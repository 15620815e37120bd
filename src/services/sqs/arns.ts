// Queue ARNs and queue URLs. A queue is identified by account, region and name; its URL is built
// from the host the client used, and any host is accepted back (only the path identifies the queue).

export interface QueueLocation {
  accountId: string;
  region: string;
  name: string;
}

const ACCOUNT_ID = /^\d{12}$/;
/** `arn:partition:service:region:account:resource` */
const ARN = /^arn:([^:]+):([^:]*):([^:]*):([^:]*):(.+)$/;

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function queueArn(location: QueueLocation): string {
  return `arn:${partitionOf(location.region)}:sqs:${location.region}:${location.accountId}:${location.name}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Undefined when the text is not shaped like an ARN at all. */
export function parseArn(text: string): ParsedArn | undefined {
  const match = ARN.exec(text);
  if (!match) return undefined;
  const [, partition, service, region, accountId, resource] = match as unknown as string[];
  return {
    partition: partition!,
    service: service!,
    region: region!,
    accountId: accountId!,
    resource: resource!,
  };
}

/** An SQS queue ARN's location, or undefined when it names no SQS queue. */
export function parseQueueArn(text: string): QueueLocation | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'sqs' || !ACCOUNT_ID.test(arn.accountId) || arn.resource.includes(':'))
    return undefined;
  return { accountId: arn.accountId, region: arn.region, name: arn.resource };
}

export function queueUrl(endpoint: string, location: Pick<QueueLocation, 'accountId' | 'name'>): string {
  return `${endpoint}/${location.accountId}/${location.name}`;
}

/**
 * The account and name of a queue URL: its last two path segments, whatever the host
 * (`http://localhost:4566/000000000000/q`, `https://sqs.us-east-1.amazonaws.com/000000000000/q`).
 * A bare queue name is accepted too (the caller's account). Undefined for anything else.
 */
export function parseQueueUrl(url: string): { accountId: string | undefined; name: string } | undefined {
  let path = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme) {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 1 && !scheme && !path.startsWith('/'))
    return { accountId: undefined, name: segments[0]! };
  if (segments.length < 2) return undefined;
  const accountId = segments[segments.length - 2]!;
  const name = safeDecode(segments[segments.length - 1]!);
  return ACCOUNT_ID.test(accountId) && name !== undefined ? { accountId, name } : undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
