// State machines: create (the definition checked first), describe, list, delete.
import type { OperationHandler } from '../../core/service.js';
import { checkName, machineArn, parseArn } from './arns.js';
import {
  loggingOf,
  tracingOf,
  type LoggingConfiguration,
  type TracingConfiguration,
} from './configuration.js';
import { parseDefinition } from './definition.js';
import { machineExists, machineNotFound, invalidToken } from './errors.js';
import {
  deleteMachine,
  findMachine,
  insertMachine,
  listMachines,
  revisionOf,
  type MachineRow,
} from './store.js';
import { checkedTags, mergedTags, type Tag } from './tags.js';

interface CreateInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  tags?: Partial<Tag>[];
}

export const CreateStateMachine: OperationHandler<CreateInput> = async (ctx, input) => {
  const tags = checkedTags(input.tags ?? []);
  checkName(input.name);
  const type = input.type ?? 'STANDARD';
  parseDefinition(input.definition, type);
  const now = ctx.clock.now();
  const arn = machineArn(ctx, input.name);
  const row: MachineRow = {
    arn,
    account_id: ctx.accountId,
    region: ctx.region,
    name: input.name,
    type,
    definition: input.definition,
    role_arn: input.roleArn,
    logging: JSON.stringify(loggingOf(input.loggingConfiguration)),
    tracing: JSON.stringify(tracingOf(input.tracingConfiguration)),
    tags: JSON.stringify(mergedTags(arn, [], tags)),
    created_at: now,
  };
  if (!(await insertMachine(ctx.storage.db, row))) {
    // Creating the same machine again is idempotent: the same definition, type, logging and
    // tracing; a different roleArn or tags are ignored, not applied (AWS API reference,
    // CreateStateMachine). A different machine under its name is refused.
    const existing = await findMachine(ctx.storage.db, row.arn);
    const same =
      existing &&
      existing.definition === row.definition &&
      existing.type === row.type &&
      existing.logging === row.logging &&
      existing.tracing === row.tracing;
    if (!same) throw machineExists(row.arn);
    return { stateMachineArn: row.arn, creationDate: new Date(existing.created_at) };
  }
  return { stateMachineArn: row.arn, creationDate: new Date(now) };
};

export async function machineOf(ctx: Parameters<OperationHandler>[0], arn: string): Promise<MachineRow> {
  parseArn(arn, 'stateMachine');
  const machine = await findMachine(ctx.storage.db, arn);
  if (!machine || machine.account_id !== ctx.accountId) throw machineNotFound(arn);
  return machine;
}

export function describeMachine(machine: MachineRow): Record<string, unknown> {
  const revisionId = revisionOf(machine);
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definition,
    roleArn: machine.role_arn,
    type: machine.type,
    creationDate: new Date(machine.created_at),
    loggingConfiguration: JSON.parse(machine.logging),
    tracingConfiguration: JSON.parse(machine.tracing),
    ...(revisionId !== undefined && { revisionId }),
  };
}

export const DescribeStateMachine: OperationHandler<{ stateMachineArn: string }> = async (ctx, input) =>
  describeMachine(await machineOf(ctx, input.stateMachineArn));

export const DeleteStateMachine: OperationHandler<{ stateMachineArn: string }> = async (ctx, input) => {
  parseArn(input.stateMachineArn, 'stateMachine');
  await deleteMachine(ctx.storage.db, input.stateMachineArn);
  return {};
};

const DEFAULT_PAGE = 100;

export const ListStateMachines: OperationHandler<{ maxResults?: number; nextToken?: string }> = async (
  ctx,
  input,
) => {
  const after = input.nextToken === undefined ? '' : decodeToken(input.nextToken);
  const limit = input.maxResults || DEFAULT_PAGE;
  const rows = await listMachines(ctx.storage.db, ctx, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    stateMachines: page.map((row) => ({
      stateMachineArn: row.arn,
      name: row.name,
      type: row.type,
      creationDate: new Date(row.created_at),
    })),
    ...(rows.length > limit && { nextToken: Buffer.from(page[page.length - 1]!.name).toString('base64') }),
  };
};

function decodeToken(token: string): string {
  const name = Buffer.from(token, 'base64').toString('utf8');
  if (name === '' || Buffer.from(name).toString('base64') !== token) throw invalidToken();
  return name;
}
