// Step Functions' ARNs: arn:aws:states:<region>:<account>:stateMachine:<name>,
// …:execution:<machine name>:<execution name> and …:activity:<name> (AWS docs, "Resource types
// defined by AWS Step Functions").
import { invalidArn, invalidName, rejectViolations, type Violation } from './errors.js';

export interface Scope {
  accountId: string;
  region: string;
}

export const machineArn = (scope: Scope, name: string) =>
  `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;

export const executionArn = (scope: Scope, machine: string, name: string) =>
  `arn:aws:states:${scope.region}:${scope.accountId}:execution:${machine}:${name}`;

export const activityArn = (scope: Scope, name: string) =>
  `arn:aws:states:${scope.region}:${scope.accountId}:activity:${name}`;

const ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):(stateMachine|execution):([^:]+)(?::([^:]+))?$/;
const ACTIVITY_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):activity:([^:]+)$/;

/** An activity's ARN; InvalidArn for any other. */
export function parseActivityArn(arn: string): { scope: Scope; name: string } {
  const match = ACTIVITY_ARN.exec(arn);
  if (!match) throw invalidArn(arn);
  return { scope: { region: match[1]!, accountId: match[2]! }, name: match[3]! };
}

export function parseArn(
  arn: string,
  kind: 'stateMachine' | 'execution',
): { scope: Scope; name: string; execution?: string } {
  const match = ARN.exec(arn);
  if (!match || match[3] !== kind || (kind === 'execution') !== (match[5] !== undefined))
    throw invalidArn(arn);
  return { scope: { region: match[1]!, accountId: match[2]! }, name: match[4]!, execution: match[5] };
}

/**
 * StartExecution's and StartSyncExecution's modelled constraints, checked before anything else
 * (recorded: a name too long is ValidationException even for a machine that does not exist).
 */
export function checkStartRequest(name: string | undefined, input: string | undefined): void {
  const violations: Violation[] = [];
  if (name !== undefined && name.length > 80)
    violations.push({
      value: name,
      path: 'name',
      constraint: 'Member must have length less than or equal to 80',
    });
  if (input !== undefined && Buffer.byteLength(input) > MAX_INPUT_BYTES)
    violations.push({
      value: input,
      path: 'input',
      constraint: `Member must have size less than or equal to ${MAX_INPUT_BYTES} bytes in UTF-8 encoding`,
      unnamed: true,
    });
  rejectViolations(violations);
}

/** An execution's input: 256 KiB of UTF-8 (AWS Step Functions quotas). */
const MAX_INPUT_BYTES = 262_144;

/** Names: 1–80 characters, none of AWS's forbidden ones (whitespace, brackets, wildcards, controls…). */
export function checkName(name: string): void {
  const forbidden = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name);
  const control = [...name].some((char) => {
    const code = char.charCodeAt(0);
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  });
  if (name.length < 1 || name.length > 80 || forbidden || control) throw invalidName(name);
}

// Versions and aliases qualify their machine's ARN: <machine arn>:<n> for version n, <machine
// arn>:<alias name> for an alias (AWS API reference, StartExecution). An alias name must hold a
// character other than a digit, so that a qualifier of digits only is always a version.

export const versionArnOf = (machine: string, version: number) => `${machine}:${version}`;

export const aliasArnOf = (machine: string, alias: string) => `${machine}:${alias}`;

export interface MachineReference {
  scope: Scope;
  /** The machine's name and unqualified ARN. */
  name: string;
  machineArn: string;
  version?: number;
  alias?: string;
}

/** A state machine ARN, unqualified or qualified by a version or an alias; InvalidArn otherwise. */
export function parseMachineReference(arn: string): MachineReference {
  const match = ARN.exec(arn);
  if (!match || match[3] !== 'stateMachine') throw invalidArn(arn);
  const scope = { region: match[1]!, accountId: match[2]! };
  const name = match[4]!;
  const reference = { scope, name, machineArn: machineArn(scope, name) };
  const qualifier = match[5];
  if (qualifier === undefined) return reference;
  if (/^\d+$/.test(qualifier)) return { ...reference, version: Number(qualifier) };
  return { ...reference, alias: qualifier };
}
