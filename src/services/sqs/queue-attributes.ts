// Applying requested attributes to a queue's current ones (CreateQueue, SetQueueAttributes).
import type { Database } from '../../storage/types.js';
import { checkSettableNames, normalizeScalar } from './attribute-values.js';
import { DEFAULT_KMS_REUSE_S } from './constants.js';
import { invalidAttributeName, invalidParameterValue } from './errors.js';
import {
  checkPolicy,
  checkRedriveTarget,
  formatRedrivePolicy,
  normalizeRedriveAllowPolicy,
  parseRedrivePolicy,
} from './policies.js';
import type { RedrivePolicy } from './queue.js';
import { findQueueByArn } from './resolve.js';
import { parseBoolean } from './validate.js';

export interface AttributeTarget {
  arn: string;
  fifo: boolean;
  /** CreateQueue (true) or SetQueueAttributes (false): a few messages differ. */
  creating: boolean;
}

export interface ResolvedAttributes {
  attributes: Record<string, string>;
  /** The RedrivePolicy's deadLetterTargetArn, stored apart for ListDeadLetterSourceQueues. */
  dlqArn: string | null;
}

/** SSE-KMS and SSE-SQS exclude each other within one request. */
function checkEncryption(requested: Record<string, string>): void {
  const sqsManaged = requested['SqsManagedSseEnabled'];
  const kmsKey = requested['KmsMasterKeyId'];
  if (sqsManaged !== undefined && parseBoolean(sqsManaged) === true && kmsKey) {
    throw invalidAttributeName(
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    );
  }
}

async function applyOne(
  db: Database,
  target: AttributeTarget,
  next: Record<string, string>,
  name: string,
  value: string,
): Promise<void> {
  // An empty Policy, RedrivePolicy, RedriveAllowPolicy or KmsMasterKeyId removes the setting.
  if (value === '' && ['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId'].includes(name)) {
    delete next[name];
    if (name === 'KmsMasterKeyId') delete next['KmsDataKeyReusePeriodSeconds'];
    return;
  }
  switch (name) {
    case 'Policy':
      next[name] = checkPolicy(value, target.creating);
      return;
    case 'RedrivePolicy': {
      const policy = parseRedrivePolicy(value);
      checkRedriveTarget(value, target, await findQueueByArn(db, policy.deadLetterTargetArn));
      next[name] = formatRedrivePolicy(policy);
      return;
    }
    case 'RedriveAllowPolicy':
      next[name] = normalizeRedriveAllowPolicy(value);
      return;
    case 'KmsMasterKeyId':
      // Choosing a KMS key switches SSE-SQS off; the data key reuse period defaults to 300 s.
      next[name] = value;
      next['SqsManagedSseEnabled'] = 'false';
      next['KmsDataKeyReusePeriodSeconds'] ??= String(DEFAULT_KMS_REUSE_S);
      return;
    default:
      next[name] = normalizeScalar(name, value, target.creating);
      // Switching SSE-SQS on drops any KMS key.
      if (name === 'SqsManagedSseEnabled' && next[name] === 'true') {
        delete next['KmsMasterKeyId'];
        delete next['KmsDataKeyReusePeriodSeconds'];
      }
  }
}

/** High throughput for FIFO: perMessageGroupId needs per-group deduplication. */
function checkThroughput(next: Record<string, string>): void {
  if (next['FifoThroughputLimit'] === 'perMessageGroupId' && next['DeduplicationScope'] !== 'messageGroup') {
    throw invalidParameterValue(
      'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup',
    );
  }
}

/** The queue's attributes after the request, validated; throws AWS's error for the first bad one. */
export async function resolveAttributes(
  db: Database,
  target: AttributeTarget,
  current: Record<string, string>,
  requested: Record<string, string>,
): Promise<ResolvedAttributes> {
  const names = Object.keys(requested);
  checkSettableNames(names, target.fifo);
  checkEncryption(requested);
  const next = { ...current };
  for (const name of names) await applyOne(db, target, next, name, String(requested[name]));
  if (target.fifo) checkThroughput(next);
  const redrive = next['RedrivePolicy'] ? (JSON.parse(next['RedrivePolicy']) as RedrivePolicy) : undefined;
  return { attributes: next, dlqArn: redrive?.deadLetterTargetArn ?? null };
}
