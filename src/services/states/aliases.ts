// State machine aliases: CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
// DeleteStateMachineAlias, ListStateMachineAliases. An alias (<machine arn>:<name>) routes the
// executions started through it to one or two versions of its machine, by weights summing to 100
// (AWS API reference, CreateStateMachineAlias). Messages are AWS's recorded ones save where noted.
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { aliasArnOf, parseMachineReference, type MachineReference } from './arns.js';
import {
  conflict,
  invalidArn,
  invalidRouting,
  quotaExceeded,
  referenceNotFound,
  rejectViolations,
  SENSITIVE,
  validationException,
  type Violation,
} from './errors.js';
import { machineOf } from './machines.js';
import { pageOf, paged } from './pages.js';
import { lockMachine } from './store.js';
import { versionOf } from './versions.js';
import {
  deleteAlias,
  findAlias,
  findVersion,
  insertAlias,
  listAliases,
  routesOf,
  updateAlias,
  type AliasRow,
  type Route,
} from './versions-store.js';

/** Step Functions quotas: "Maximum number of aliases" of a state machine. */
const MAX_ALIASES = 100;

/** CharacterRestrictedName of the model: some letter, '_', '-' or '.', so never a version number. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ALIAS_NAME_SOURCE = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';

const lengthViolation = (value: unknown, path: string, length: number, min: number, max: number) =>
  length < min
    ? [{ value, path, constraint: `Member must have length greater than or equal to ${min}` }]
    : length > max
      ? [{ value, path, constraint: `Member must have length less than or equal to ${max}` }]
      : [];

function nameViolations(name: string | undefined): Violation[] {
  if (typeof name !== 'string') return [{ value: null, path: 'name', constraint: 'Member must not be null' }];
  const length = lengthViolation(name, 'name', name.length, 1, 80);
  if (length.length > 0) return length;
  return ALIAS_NAME.test(name)
    ? []
    : [
        {
          value: name,
          path: 'name',
          constraint: `Member must satisfy regular expression pattern: ${ALIAS_NAME_SOURCE}`,
        },
      ];
}

const descriptionViolations = (description: string | undefined): Violation[] =>
  description === undefined ? [] : lengthViolation(SENSITIVE, 'description', description.length, 0, 256);

/** The constraints of RoutingConfigurationList: 1–2 items, each weight 0–100. */
function routingViolations(routes: Partial<Route>[] | undefined): Violation[] {
  const path = 'routingConfiguration';
  if (!Array.isArray(routes)) return [{ value: null, path, constraint: 'Member must not be null' }];
  const listed = `[${routes
    .map(
      (route) =>
        `RoutingConfigurationListItem(stateMachineVersionArn=${route.stateMachineVersionArn}, weight=${route.weight})`,
    )
    .join(', ')}]`;
  return [
    ...lengthViolation(listed, path, routes.length, 1, 2),
    ...routes.flatMap((route, index): Violation[] => {
      const at = `${path}.${index + 1}.member`;
      if (typeof route.stateMachineVersionArn !== 'string')
        return [{ value: null, path: `${at}.stateMachineVersionArn`, constraint: 'Member must not be null' }];
      const { weight } = route;
      if (typeof weight !== 'number')
        return [{ value: null, path: `${at}.weight`, constraint: 'Member must not be null' }];
      if (weight > 100)
        return [
          {
            value: weight,
            path: `${at}.weight`,
            constraint: 'Member must have value less than or equal to 100',
          },
        ];
      if (weight < 0)
        return [
          {
            value: weight,
            path: `${at}.weight`,
            constraint: 'Member must have value greater than or equal to 0',
          },
        ];
      return [];
    }),
  ];
}

/**
 * The routes' own rules, once the model's constraints hold: version ARNs only, distinct, of one
 * machine, weights summing to 100. Answers the machine's ARN.
 */
function routedMachine(routes: Route[]): string {
  const arns = routes.map((route) => route.stateMachineVersionArn);
  const received = `Received: [${arns.join(', ')}]`;
  const references = arns.map((arn) => {
    try {
      return parseMachineReference(arn);
    } catch {
      return undefined;
    }
  });
  if (references.some((reference) => reference?.version === undefined))
    throw invalidRouting(`Routing configuration must contain state machine version ARNs. ${received}`);
  if (new Set(arns).size !== arns.length)
    throw invalidRouting(
      `Routing configuration must contain distinct state machine version ARNs. ${received}`,
    );
  const machines = new Set(references.map((reference) => reference!.machineArn));
  // AWS documents the rule (RoutingConfigurationListItem) but not this refusal's wording.
  if (machines.size !== 1)
    throw invalidRouting(
      `Routing configuration must contain versions of the same state machine. ${received}`,
    );
  if (routes.reduce((sum, route) => sum + route.weight, 0) !== 100)
    throw invalidRouting(
      `Sum of routing configuration weights must equal 100. Received: [${routes.map((route) => route.weight).join(', ')}]`,
    );
  return [...machines][0]!;
}

/** Within `tx`: the routes' machine locked and every version there, ResourceNotFound otherwise. */
async function lockRouted(
  ctx: RequestContext,
  tx: Database,
  machineArn: string,
  routes: Route[],
): Promise<void> {
  const machine = await lockMachine(tx, machineArn);
  if (!machine || machine.account_id !== ctx.accountId) throw referenceNotFound(machineArn);
  for (const { stateMachineVersionArn } of routes)
    if (!(await findVersion(tx, stateMachineVersionArn))) throw referenceNotFound(stateMachineVersionArn);
}

/** The routes as kept: their two members, in the order given (DescribeStateMachineAlias answers it). */
const routingJson = (routes: Route[]): string =>
  JSON.stringify(routes.map(({ stateMachineVersionArn, weight }) => ({ stateMachineVersionArn, weight })));

/** The same routes in any order compare equal (idempotency of create and update). */
const canonical = (routes: Route[]): string =>
  JSON.stringify(
    [...routes]
      .map(({ stateMachineVersionArn, weight }) => ({ stateMachineVersionArn, weight }))
      .sort((a, b) => a.stateMachineVersionArn.localeCompare(b.stateMachineVersionArn)),
  );

interface CreateInput {
  name: string;
  description?: string;
  routingConfiguration: Route[];
}

/** Idempotent when the same alias is asked for again; another under its name is a conflict (AWS). */
export const CreateStateMachineAlias: OperationHandler<CreateInput> = async (ctx, input) => {
  const routes = input.routingConfiguration;
  rejectViolations([
    ...descriptionViolations(input.description),
    ...nameViolations(input.name),
    ...routingViolations(routes),
  ]);
  const machineArn = routedMachine(routes);
  const now = ctx.clock.now();
  const row: AliasRow = {
    arn: aliasArnOf(machineArn, input.name),
    machine_arn: machineArn,
    name: input.name,
    description: input.description ?? null,
    routing: routingJson(routes),
    created_at: now,
    updated_at: now,
  };
  const alias = await ctx.storage.db.transaction(async (tx) => {
    await lockRouted(ctx, tx, machineArn, routes);
    const existing = await findAlias(tx, row.arn);
    if (existing) {
      const same =
        existing.description === row.description && canonical(routesOf(existing)) === canonical(routes);
      if (!same)
        throw conflict(
          'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
        );
      return existing;
    }
    // AWS documents the quota but not the wording of its refusal.
    if ((await listAliases(tx, machineArn)).length >= MAX_ALIASES)
      throw quotaExceeded(
        `Failed to create alias: '${machineArn}' has ${MAX_ALIASES} aliases, the most a state machine can have`,
      );
    await insertAlias(tx, row);
    return row;
  });
  return { stateMachineAliasArn: alias.arn, creationDate: new Date(alias.created_at) };
};

/** An alias ARN, parsed; InvalidArn for any other. */
function aliasReference(arn: string): MachineReference & { alias: string } {
  const reference = parseMachineReference(arn);
  if (reference.alias === undefined) throw invalidArn(arn);
  return reference as MachineReference & { alias: string };
}

/** An alias of this account; ResourceNotFound when it is not there. */
export async function aliasOf(ctx: RequestContext, db: Database, arn: string): Promise<AliasRow> {
  const reference = aliasReference(arn);
  const alias = reference.scope.accountId === ctx.accountId && (await findAlias(db, arn));
  if (!alias) throw referenceNotFound(arn);
  return alias;
}

export const DescribeStateMachineAlias: OperationHandler<{ stateMachineAliasArn: string }> = async (
  ctx,
  input,
) => {
  const alias = await aliasOf(ctx, ctx.storage.db, input.stateMachineAliasArn);
  return {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    ...(alias.description !== null && { description: alias.description }),
    routingConfiguration: routesOf(alias),
    creationDate: new Date(alias.created_at),
    updateDate: new Date(alias.updated_at),
  };
};

interface UpdateInput {
  stateMachineAliasArn: string;
  description?: string;
  routingConfiguration?: Route[];
}

/** A new description or routing; the same ones again change nothing (idempotent, AWS). */
export const UpdateStateMachineAlias: OperationHandler<UpdateInput> = async (ctx, input) => {
  const routes = input.routingConfiguration;
  const reference = aliasReference(input.stateMachineAliasArn);
  // AWS documents the rule ("at least one of") but not this refusal's wording.
  if (input.description === undefined && routes === undefined)
    throw validationException('Either the description or the routing configuration must be specified', {
      reason: 'MISSING_REQUIRED_PARAMETER',
    });
  rejectViolations([
    ...descriptionViolations(input.description),
    ...(routes === undefined ? [] : routingViolations(routes)),
  ]);
  const routedArn = routes && routedMachine(routes);
  const updated = await ctx.storage.db.transaction(async (tx) => {
    // The machine locked before the alias is read: concurrent updates apply one after the other.
    await lockMachine(tx, reference.machineArn);
    const alias = await aliasOf(ctx, tx, input.stateMachineAliasArn);
    // The versions must be of the alias's own machine.
    if (routedArn !== undefined && routedArn !== alias.machine_arn)
      throw invalidRouting(
        `Routing configuration must contain versions of the state machine of the alias. Received: [${routes!
          .map((route) => route.stateMachineVersionArn)
          .join(', ')}]`,
      );
    await lockRouted(ctx, tx, alias.machine_arn, routes ?? []);
    const change = {
      description: input.description ?? alias.description,
      routing: routes === undefined ? alias.routing : routingJson(routes),
    };
    const same =
      change.description === alias.description &&
      canonical(JSON.parse(change.routing) as Route[]) === canonical(routesOf(alias));
    if (same) return alias.updated_at;
    const now = ctx.clock.now();
    await updateAlias(tx, alias.arn, { ...change, updated_at: now });
    return now;
  });
  return { updateDate: new Date(updated) };
};

/** Deleting an alias that is not there succeeds (AWS answers so); its versions stay. */
export const DeleteStateMachineAlias: OperationHandler<{ stateMachineAliasArn: string }> = async (
  ctx,
  input,
) => {
  const reference = aliasReference(input.stateMachineAliasArn);
  if (reference.scope.accountId === ctx.accountId)
    await deleteAlias(ctx.storage.db, input.stateMachineAliasArn);
  return {};
};

interface ListInput {
  stateMachineArn: string;
  maxResults?: number;
  nextToken?: string;
}

/**
 * A machine's aliases, newest first; of a version ARN, the aliases routing to that version (AWS API
 * reference, ListStateMachineAliases).
 */
export const ListStateMachineAliases: OperationHandler<ListInput> = async (ctx, input) => {
  const arn = input.stateMachineArn;
  const reference = parseMachineReference(arn);
  if (reference.alias !== undefined) throw invalidArn(arn);
  const page = pageOf(input);
  if (reference.version === undefined) await machineOf(ctx, arn);
  else
    await versionOf(ctx, arn).catch(() => {
      throw referenceNotFound(arn);
    });
  const aliases = (await listAliases(ctx.storage.db, reference.machineArn)).filter(
    (alias) =>
      reference.version === undefined ||
      routesOf(alias).some((route) => route.stateMachineVersionArn === arn),
  );
  const { rows, nextToken } = paged(aliases.slice(page.offset, page.offset + page.limit + 1), page);
  return {
    stateMachineAliases: rows.map((alias) => ({
      stateMachineAliasArn: alias.arn,
      creationDate: new Date(alias.created_at),
    })),
    ...(nextToken !== undefined && { nextToken }),
  };
};
