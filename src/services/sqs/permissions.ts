// AddPermission and RemovePermission edit the queue's Policy attribute: one statement per Label.
import type { AddPermissionRequest, RemovePermissionRequest } from '@aws-sdk/client-sqs';
import type { OperationHandler } from '../../core/service.js';
import { MAX_PERMISSION_ACTIONS, MAX_POLICY_STATEMENTS } from './constants.js';
import { invalidParameter, missingParameter, overLimit } from './errors.js';
import type { Queue } from './queue.js';
import { resolveQueue } from './resolve.js';
import { changeQueue, type QueueChange } from './change-queue.js';

/** Actions another account may be granted. */
const SHAREABLE_ACTIONS = [
  '*',
  'ChangeMessageVisibility',
  'DeleteMessage',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ReceiveMessage',
  'SendMessage',
];
/** Actions only the queue owner may call. */
const OWNER_ACTIONS = [
  'AddPermission',
  'CancelMessageMoveTask',
  'CreateQueue',
  'DeleteQueue',
  'ListMessageMoveTasks',
  'ListQueueTags',
  'ListQueues',
  'RemovePermission',
  'SetQueueAttributes',
  'StartMessageMoveTask',
  'TagQueue',
  'UntagQueue',
];
const LABEL = /^[A-Za-z0-9_-]{1,80}$/;

interface Statement {
  Sid?: string;
  [key: string]: unknown;
}

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: Statement | Statement[];
  [key: string]: unknown;
}

function checkActions(actions: string[]): void {
  if (actions.length === 0) throw missingParameter('ActionName');
  if (actions.length > MAX_PERMISSION_ACTIONS) {
    throw overLimit(`${actions.length} Actions were found, maximum allowed is ${MAX_PERMISSION_ACTIONS}.`);
  }
  for (const action of actions) {
    if (OWNER_ACTIONS.includes(action)) {
      throw invalidParameter(
        'ActionName',
        `SQS:${action}`,
        'Only the queue owner is allowed to invoke this action.',
      );
    }
    if (!SHAREABLE_ACTIONS.includes(action)) {
      throw invalidParameter(
        'ActionName',
        `SQS:${action}`,
        'Please refer to the appropriate WSDL for a list of valid actions.',
      );
    }
  }
}

function statementsOf(policy: PolicyDocument): Statement[] {
  const statements = policy.Statement;
  return Array.isArray(statements) ? statements : statements ? [statements] : [];
}

/** The policy AddPermission starts from when the queue has none. */
function policyOf(queue: Queue): PolicyDocument {
  const text = queue.attributes['Policy'];
  return text
    ? (JSON.parse(text) as PolicyDocument)
    : { Version: '2008-10-17', Id: `${queue.arn}/SQSDefaultPolicy` };
}

/** A single principal or action is written as a string, several as a list (as AWS writes them). */
function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}

/** The queue's attributes with `policy` as its Policy (none: the attribute removed). */
function withPolicy(queue: Queue, policy: PolicyDocument | undefined): QueueChange {
  const values = { ...queue.attributes };
  if (policy) values['Policy'] = JSON.stringify(policy);
  else delete values['Policy'];
  return { attributes: { values, dlqArn: queue.dlqArn } };
}

function requireLabel(label: string | undefined): string {
  if (label === undefined || label === '') throw missingParameter('Label');
  return label;
}

export const AddPermission: OperationHandler<AddPermissionRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const label = requireLabel(input.Label);
  if (!LABEL.test(label)) {
    throw invalidParameter(
      'Label',
      label,
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  const accounts = input.AWSAccountIds ?? [];
  if (accounts.length === 0) throw missingParameter('AWSAccountIds');
  checkActions(input.Actions ?? []);
  await changeQueue(ctx, queue, (current) => {
    const policy = policyOf(current);
    const statements = statementsOf(policy);
    if (statements.some((statement) => statement.Sid === label)) {
      throw invalidParameter('Label', label, 'Already exists.');
    }
    if (statements.length + 1 > MAX_POLICY_STATEMENTS) {
      throw overLimit(
        `${statements.length + 1} statements were found in the submitted policy, max allowed is ${MAX_POLICY_STATEMENTS}`,
      );
    }
    statements.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(accounts.map((account) => `arn:aws:iam::${account}:root`)) },
      Action: oneOrMany((input.Actions ?? []).map((action) => `SQS:${action}`)),
      Resource: current.arn,
    });
    return withPolicy(current, { ...policy, Statement: statements });
  });
  return {};
};

/** Removing the last statement removes the Policy attribute altogether. */
export const RemovePermission: OperationHandler<RemovePermissionRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const label = requireLabel(input.Label);
  await changeQueue(ctx, queue, (current) => {
    const policy = policyOf(current);
    const statements = statementsOf(policy);
    const remaining = statements.filter((statement) => statement.Sid !== label);
    if (remaining.length === statements.length) throw invalidParameter('Label', label, "can't find label.");
    return withPolicy(current, remaining.length > 0 ? { ...policy, Statement: remaining } : undefined);
  });
  return {};
};
