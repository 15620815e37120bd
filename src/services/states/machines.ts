// State machines: create (the definition checked first), describe, list, delete.
import type { OperationHandler } from '../../core/service.js';
import { checkName, machineArn, parseArn } from './arns.js';
import { parseDefinition } from './definition.js';
import { machineExists, machineNotFound, invalidToken } from './errors.js';
import { deleteMachine, findMachine, insertMachine, listMachines, type MachineRow } from './store.js';

interface CreateInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: string;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  tags?: { key: string; value: string }[];
}

const DEFAULT_LOGGING = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING = { enabled: false };

export const CreateStateMachine: OperationHandler<CreateInput> = async (ctx, input) => {
  checkName(input.name);
  parseDefinition(input.definition);
  const now = ctx.clock.now();
  const row: MachineRow = {
    arn: machineArn(ctx, input.name),
    account_id: ctx.accountId,
    region: ctx.region,
    name: input.name,
    type: input.type ?? 'STANDARD',
    definition: input.definition,
    role_arn: input.roleArn,
    logging: JSON.stringify(input.loggingConfiguration ?? DEFAULT_LOGGING),
    tracing: JSON.stringify(input.tracingConfiguration ?? DEFAULT_TRACING),
    tags: JSON.stringify(input.tags ?? []),
    created_at: now,
  };
  if (!(await insertMachine(ctx.storage.db, row))) {
    // Creating the same machine again is idempotent; a different one under its name is refused.
    const existing = await findMachine(ctx.storage.db, row.arn);
    const same =
      existing &&
      existing.definition === row.definition &&
      existing.role_arn === row.role_arn &&
      existing.type === row.type;
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
