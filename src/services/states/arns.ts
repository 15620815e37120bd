// Step Functions' ARNs: arn:aws:states:<region>:<account>:stateMachine:<name> and
// …:execution:<machine name>:<execution name> (AWS docs, "Resource types defined by AWS Step Functions").
import { invalidArn, invalidName } from './errors.js';

export interface Scope {
  accountId: string;
  region: string;
}

export const machineArn = (scope: Scope, name: string) =>
  `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;

export const executionArn = (scope: Scope, machine: string, name: string) =>
  `arn:aws:states:${scope.region}:${scope.accountId}:execution:${machine}:${name}`;

const ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):(stateMachine|execution):([^:]+)(?::([^:]+))?$/;

export function parseArn(
  arn: string,
  kind: 'stateMachine' | 'execution',
): { scope: Scope; name: string; execution?: string } {
  const match = ARN.exec(arn);
  if (!match || match[3] !== kind || (kind === 'execution') !== (match[5] !== undefined))
    throw invalidArn(arn);
  return { scope: { region: match[1]!, accountId: match[2]! }, name: match[4]!, execution: match[5] };
}

/** Names: 1–80 characters, none of AWS's forbidden ones (whitespace, brackets, wildcards, controls…). */
export function checkName(name: string): void {
  const forbidden = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name);
  const control = [...name].some((char) => {
    const code = char.charCodeAt(0);
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  });
  if (name.length < 1 || name.length > 80 || forbidden || control) throw invalidName(name);
}
