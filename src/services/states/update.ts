// UpdateStateMachine: a new definition, role, logging or tracing configuration for the executions
// started from now on. Running executions keep the definition and role they started with (each
// execution copied them). A change makes a new revision, whose id the answer and
// DescribeStateMachine then carry; an update that changes nothing keeps the current one (AWS).
// `publish` publishes the revision the update leaves, in the same transaction: an update that
// changes nothing answers the version already published from the current revision, if any (AWS).
import { randomUUID } from 'node:crypto';
import type { OperationHandler } from '../../core/service.js';
import {
  loggingOf,
  tracingOf,
  type LoggingConfiguration,
  type TracingConfiguration,
} from './configuration.js';
import { parseDefinition } from './definition.js';
import { machineNotFound, missingRequiredParameter } from './errors.js';
import { checkVersionDescription, machineOf } from './machines.js';
import { reviseMachine, revisionOf, type MachineRevision, type MachineRow } from './store.js';
import { publishCurrent } from './versions.js';

interface UpdateInput {
  stateMachineArn: string;
  definition?: string;
  roleArn?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  publish?: boolean;
  versionDescription?: string;
}

export const UpdateStateMachine: OperationHandler<UpdateInput> = async (ctx, input) => {
  const machine = await machineOf(ctx, input.stateMachineArn);
  checkRequest(input);
  const next = revised(machine, input);
  const current = revisionOf(machine);
  const revisionId = changes(machine, next) ? randomUUID() : current;
  const now = ctx.clock.now();
  const versionArn = await ctx.storage.db.transaction(async (tx) => {
    if (revisionId !== current) {
      const saved = await reviseMachine(tx, machine.arn, { ...next, revision_id: revisionId! });
      if (!saved) throw machineNotFound(machine.arn);
    }
    if (input.publish !== true) return undefined;
    return (await publishCurrent(tx, now, machine.arn, { description: input.versionDescription })).arn;
  });
  return {
    updateDate: new Date(now),
    ...(revisionId !== undefined && { revisionId }),
    ...(versionArn !== undefined && { stateMachineVersionArn: versionArn }),
  };
};

/** AWS's refusals of the request itself, before it looks at what it would change. */
function checkRequest(input: UpdateInput): void {
  const { definition, roleArn, loggingConfiguration, tracingConfiguration } = input;
  if ([definition, roleArn, loggingConfiguration, tracingConfiguration].every((field) => field === undefined))
    throw missingRequiredParameter(
      'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    );
  checkVersionDescription(input);
}

/** The machine as the update leaves it; each given field checked as CreateStateMachine checks it. */
function revised(machine: MachineRow, input: UpdateInput): Omit<MachineRevision, 'revision_id'> {
  if (input.definition !== undefined) parseDefinition(input.definition, machine.type);
  const logging = input.loggingConfiguration && JSON.stringify(loggingOf(input.loggingConfiguration));
  const tracing = input.tracingConfiguration && JSON.stringify(tracingOf(input.tracingConfiguration));
  return {
    definition: input.definition ?? machine.definition,
    role_arn: input.roleArn ?? machine.role_arn,
    logging: logging ?? machine.logging,
    tracing: tracing ?? machine.tracing,
  };
}

const changes = (machine: MachineRow, next: Omit<MachineRevision, 'revision_id'>): boolean =>
  next.definition !== machine.definition ||
  next.role_arn !== machine.role_arn ||
  next.logging !== machine.logging ||
  next.tracing !== machine.tracing;
