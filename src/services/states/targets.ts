// What the stateMachineArn of StartExecution and ListExecutions names: the machine itself (its
// current revision), one of its versions, or an alias (AWS API reference, StartExecution). An
// execution started through a version ARN is that version's, through an alias both the alias's and
// the version the alias picked for it; through the machine's ARN, neither, even when a version has
// the same revision ("How Step Functions associates executions with a version or alias").
import type { RequestContext } from '../../core/service.js';
import { parseMachineReference } from './arns.js';
import { machineNotFound } from './errors.js';
import { machineOf } from './machines.js';
import type { ExecutionsOf, MachineRow } from './store.js';
import { versionOf } from './versions.js';
import { findAlias, routesOf, type Route } from './versions-store.js';
import { aliasOf } from './aliases.js';

export interface Target {
  machine: MachineRow;
  definition: string;
  roleArn: string;
  versionArn?: string;
  aliasArn?: string;
}

/** A number in [0, 1), as Math.random; tests of the choice give their own. */
export type Random = () => number;

/**
 * The version an alias runs an execution with: each route's chance is its weight in 100, drawn
 * at random per execution (AWS API reference, CreateStateMachineAlias). A weight of 0 is never
 * drawn, a weight of 100 always.
 */
export function chooseRoute(routes: Route[], random: Random = Math.random): Route {
  const draw = random() * 100;
  let reached = 0;
  for (const route of routes) {
    reached += route.weight;
    if (draw < reached) return route;
  }
  // Only when the draw is at the very top and the last weight is 0: the last weighted route.
  return [...routes].reverse().find((route) => route.weight > 0) ?? routes[routes.length - 1]!;
}

/** StateMachineDoesNotExist for a version or alias that is not there (StartExecution models no other). */
export async function startTarget(
  ctx: RequestContext,
  arn: string,
  random: Random = Math.random,
): Promise<Target> {
  const reference = parseMachineReference(arn);
  if (reference.version === undefined && reference.alias === undefined) {
    const machine = await machineOf(ctx, arn);
    return { machine, definition: machine.definition, roleArn: machine.role_arn };
  }
  let aliasArn: string | undefined;
  let versionArn = arn;
  if (reference.alias !== undefined) {
    const alias = reference.scope.accountId === ctx.accountId && (await findAlias(ctx.storage.db, arn));
    if (!alias) throw machineNotFound(arn);
    aliasArn = alias.arn;
    versionArn = chooseRoute(routesOf(alias), random).stateMachineVersionArn;
  }
  const version = await versionOf(ctx, versionArn);
  const machine = await machineOf(ctx, reference.machineArn);
  return {
    machine,
    definition: version.definition,
    roleArn: version.role_arn,
    versionArn: version.arn,
    ...(aliasArn !== undefined && { aliasArn }),
  };
}

/**
 * The executions ListExecutions lists for a machine, version or alias ARN: a version's include
 * those an alias started with it. A version that is not there is StateMachineDoesNotExist, an
 * alias ResourceNotFound (both modelled; AWS documents neither case).
 */
export async function executionsOf(
  ctx: RequestContext,
  arn: string,
): Promise<ExecutionsOf & { type: string }> {
  const reference = parseMachineReference(arn);
  let column: ExecutionsOf['column'] = 'machine_arn';
  if (reference.version !== undefined) {
    await versionOf(ctx, arn);
    column = 'version_arn';
  } else if (reference.alias !== undefined) {
    await aliasOf(ctx, ctx.storage.db, arn);
    column = 'alias_arn';
  }
  const { type } = await machineOf(ctx, reference.machineArn);
  return { column, arn, type };
}
