// The JSON-valued queue attributes: RedrivePolicy, RedriveAllowPolicy and Policy, validated with the
// messages AWS answers, and normalized the way GetQueueAttributes returns them.
import { parseQueueArn } from './arns.js';
import {
  MAX_MAX_RECEIVE_COUNT,
  MAX_POLICY_STATEMENTS,
  MAX_REDRIVE_SOURCE_ARNS,
  MIN_MAX_RECEIVE_COUNT,
} from './constants.js';
import { invalidAttributeValue, invalidParameter, invalidParameterValue, overLimit } from './errors.js';
import type { Queue, RedrivePolicy } from './queue.js';

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const REDRIVE_KEYS = ['deadLetterTargetArn', 'maxReceiveCount'];

/** Validates a RedrivePolicy's shape; the target queue is checked by `checkRedriveTarget`. */
export function parseRedrivePolicy(raw: string): RedrivePolicy {
  const policy = parseJsonObject(raw);
  if (!policy) throw invalidAttributeValue('RedrivePolicy', 'Redrive policy is not a valid JSON map.');
  const invalid = (reason: string) => invalidParameter('RedrivePolicy', raw, reason);
  if (Object.keys(policy).some((key) => !REDRIVE_KEYS.includes(key))) {
    throw invalid('Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].');
  }
  if (policy['maxReceiveCount'] === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  }
  if (policy['deadLetterTargetArn'] === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  // maxReceiveCount may come as a number or a numeric string ("5"), as AWS's own examples send it.
  const count = Number(policy['maxReceiveCount']);
  if (!Number.isInteger(count) || count < MIN_MAX_RECEIVE_COUNT || count > MAX_MAX_RECEIVE_COUNT) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${String(policy['maxReceiveCount'])}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const target = policy['deadLetterTargetArn'];
  if (typeof target !== 'string' || !parseQueueArn(target)) {
    throw invalid('Only SQS queues are valid resources for deadLetterTargetArn.');
  }
  return { deadLetterTargetArn: target, maxReceiveCount: count };
}

/** How GetQueueAttributes shows a redrive policy. */
export function formatRedrivePolicy(policy: RedrivePolicy): string {
  return JSON.stringify({
    deadLetterTargetArn: policy.deadLetterTargetArn,
    maxReceiveCount: policy.maxReceiveCount,
  });
}

/**
 * The dead-letter queue must exist, be of the source's type (FIFO to FIFO), and its
 * RedriveAllowPolicy must let the source use it.
 */
export function checkRedriveTarget(
  raw: string,
  source: { arn: string; fifo: boolean },
  target: Queue | undefined,
): void {
  const invalid = (reason: string) => invalidParameter('RedrivePolicy', raw, reason);
  if (!target) throw invalid('Dead letter target does not exist.');
  if (target.fifo !== source.fifo)
    throw invalid('Dead-letter queue must be same type of queue as the source..');
  const allow = target.attributes['RedriveAllowPolicy'];
  if (allow && !redriveAllowed(JSON.parse(allow) as RedriveAllowPolicy, source.arn)) {
    throw invalid(`Queue ${target.arn} does not allow queue ${source.arn} to use it as a dead-letter queue.`);
  }
}

interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns?: string[];
}

function redriveAllowed(policy: RedriveAllowPolicy, sourceArn: string): boolean {
  if (policy.redrivePermission === 'denyAll') return false;
  if (policy.redrivePermission === 'byQueue') return policy.sourceQueueArns?.includes(sourceArn) ?? false;
  return true;
}

const PERMISSIONS = ['allowAll', 'denyAll', 'byQueue'];

function isWellFormedAllowPolicy(
  policy: Record<string, unknown> | undefined,
): policy is Record<string, unknown> {
  if (!policy || typeof policy['redrivePermission'] !== 'string') return false;
  if (!PERMISSIONS.includes(policy['redrivePermission'])) return false;
  if (Object.keys(policy).some((key) => key !== 'redrivePermission' && key !== 'sourceQueueArns'))
    return false;
  const arns = policy['sourceQueueArns'];
  return arns === undefined || (Array.isArray(arns) && arns.every((arn) => typeof arn === 'string'));
}

export function normalizeRedriveAllowPolicy(raw: string): string {
  const policy = parseJsonObject(raw);
  if (!isWellFormedAllowPolicy(policy)) {
    throw invalidAttributeValue(
      'RedriveAllowPolicy',
      "Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.",
    );
  }
  const arns = policy['sourceQueueArns'] as string[] | undefined;
  const invalid = (reason: string) =>
    invalidParameter(
      'RedriveAllowPolicy',
      raw,
      `Amazon SQS can't create the redrive allow policy. ${reason}`,
    );
  if (policy['redrivePermission'] === 'byQueue') {
    if (!arns || arns.length === 0) {
      throw invalid(
        'When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.',
      );
    }
    if (arns.length > MAX_REDRIVE_SOURCE_ARNS) {
      throw invalid('The maximum number of source queue ARNs you can specify is 10.');
    }
  } else if (arns !== undefined) {
    throw invalid('To specify one or more source queue ARNs, you must set redrivePermission to byQueue.');
  }
  return JSON.stringify(
    arns ? { redrivePermission: policy['redrivePermission'], sourceQueueArns: arns } : policy,
  );
}

const POLICY_VERSIONS = ['2008-10-17', '2012-10-17'];

/** A queue policy must be an IAM policy document of at most 20 statements; it is kept as sent. */
export function checkPolicy(raw: string, creating: boolean): string {
  const policy = parseJsonObject(raw);
  const statements = policy?.['Statement'];
  const version = policy?.['Version'];
  const wellFormed =
    policy !== undefined &&
    (version === undefined || (typeof version === 'string' && POLICY_VERSIONS.includes(version))) &&
    (statements === undefined || typeof statements === 'object');
  if (!wellFormed) throw invalidAttributeValue('Policy');
  const count = Array.isArray(statements) ? statements.length : statements ? 1 : 0;
  if (count > MAX_POLICY_STATEMENTS) {
    const message = `${count} statements were found in the submitted policy, max allowed is ${MAX_POLICY_STATEMENTS}`;
    throw creating ? invalidParameterValue(message) : overLimit(message);
  }
  return raw;
}
