// State machines: create (the definition checked first; `publish` makes version 1 of it), describe
// (a version ARN describes that version), list, delete (with its versions and aliases).
import type { OperationHandler } from '../../core/service.js';
import { checkName, machineArn, parseArn, parseMachineReference } from './arns.js';
import {
  loggingOf,
  tracingOf,
  type LoggingConfiguration,
  type TracingConfiguration,
} from './configuration.js';
import { parseDefinition } from './definition.js';
import { machineExists, machineNotFound, invalidToken, validationException } from './errors.js';
import {
  deleteMachine,
  findMachine,
  insertMachine,
  listMachines,
  revisionOf,
  type MachineRow,
} from './store.js';
import { checkedTags, mergedTags, type Tag } from './tags.js';
import { checkDescription, describeVersion, publishCurrent } from './versions.js';
import { deleteVersionsAndAliases, markCreatedPublished } from './versions-store.js';

interface CreateInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  tags?: Partial<Tag>[];
  publish?: boolean;
  versionDescription?: string;
}

/** Both CreateStateMachine and UpdateStateMachine refuse a description of no version (recorded). */
export function checkVersionDescription(input: { publish?: boolean; versionDescription?: string }): void {
  checkDescription(input.versionDescription, 'versionDescription');
  if (input.versionDescription !== undefined && input.publish !== true)
    throw validationException('Version description can only be set when publish is true');
}

export const CreateStateMachine: OperationHandler<CreateInput> = async (ctx, input) => {
  const tags = checkedTags(input.tags ?? []);
  checkName(input.name);
  checkVersionDescription(input);
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
  const published =
    input.publish === true ? JSON.stringify({ description: input.versionDescription ?? null }) : null;
  const created = await ctx.storage.db.transaction(async (tx) => {
    if (!(await insertMachine(tx, row))) return undefined;
    if (published === null) return { versionArn: undefined };
    // The machine and its version 1 come to be together.
    const version = await publishCurrent(tx, now, arn, { description: input.versionDescription });
    await markCreatedPublished(tx, arn, input.versionDescription ?? null);
    return { versionArn: version.arn };
  });
  if (created)
    return { stateMachineArn: arn, creationDate: new Date(now), ...versionMember(created.versionArn) };
  // Creating the same machine again is idempotent: the same definition, type, logging, tracing,
  // publish and versionDescription; a different roleArn or tags are ignored, not applied (AWS API
  // reference, CreateStateMachine). A different machine under its name is refused.
  const existing = await findMachine(ctx.storage.db, row.arn);
  const same =
    existing &&
    existing.definition === row.definition &&
    existing.type === row.type &&
    existing.logging === row.logging &&
    existing.tracing === row.tracing &&
    createdPublished(existing) === published;
  if (!same) throw machineExists(row.arn);
  return {
    stateMachineArn: row.arn,
    creationDate: new Date(existing.created_at),
    // The creation published the machine's first version.
    ...versionMember(published === null ? undefined : `${row.arn}:1`),
  };
};

const versionMember = (versionArn: string | undefined) =>
  versionArn === undefined ? {} : { stateMachineVersionArn: versionArn };

const createdPublished = (row: MachineRow): string | null =>
  (row as MachineRow & { created_published?: string | null }).created_published ?? null;

/**
 * The machine an unqualified ARN names. A version or alias ARN names no machine: AWS answers
 * StateMachineDoesNotExist for it where a machine is wanted (recorded: UpdateStateMachine).
 */
export async function machineOf(ctx: Parameters<OperationHandler>[0], arn: string): Promise<MachineRow> {
  const reference = parseMachineReference(arn);
  if (reference.version !== undefined || reference.alias !== undefined) throw machineNotFound(arn);
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

/**
 * A version ARN describes that version (AWS API reference, DescribeStateMachine). AWS documents
 * nothing of an alias ARN here: it is no machine (StateMachineDoesNotExist), as for UpdateStateMachine.
 */
export const DescribeStateMachine: OperationHandler<{ stateMachineArn: string }> = async (ctx, input) =>
  parseMachineReference(input.stateMachineArn).version !== undefined
    ? describeVersion(ctx, input.stateMachineArn)
    : describeMachine(await machineOf(ctx, input.stateMachineArn));

/** The machine's versions and aliases go with it (AWS API reference, DeleteStateMachine). */
export const DeleteStateMachine: OperationHandler<{ stateMachineArn: string }> = async (ctx, input) => {
  parseArn(input.stateMachineArn, 'stateMachine');
  await ctx.storage.db.transaction(async (tx) => {
    await deleteVersionsAndAliases(tx, input.stateMachineArn);
    await deleteMachine(tx, input.stateMachineArn);
  });
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
