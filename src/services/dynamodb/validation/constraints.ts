// The second check: constraints, collected over the whole request in DynamoDB's member order and
// reported together ("2 validation errors detected: Value 'x' at 'tableName' failed to satisfy
// constraint: ...; ..."), at most ten of them.
import { validation } from '../errors.js';
import type { Constraint, Members, OperationSpec, Spec } from './schema.js';

const MAX_REPORTED = 10;

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** DynamoDB prints values as Java would: lists as [a, b], structures as JSON. */
function render(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return Object.keys(value as object).length;
}

function describe(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'notNull':
      return 'Member must not be null';
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${constraint.pattern}`;
    case 'minLength':
      return `Member must have length greater than or equal to ${constraint.n}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${constraint.n}`;
    case 'min':
      return `Member must have value greater than or equal to ${constraint.n}`;
    case 'max':
      return `Member must have value less than or equal to ${constraint.n}`;
    case 'enum':
      return `Member must satisfy enum value set: [${constraint.values.join(', ')}]`;
    case 'keys':
      return `Map keys must satisfy constraint: [${constraint.constraints.map(describe).join(', ')}]`;
    default:
      return `Map value must satisfy constraint: [${constraint.constraints.map(describe).join(', ')}]`;
  }
}

function holds(constraint: Constraint, value: unknown): boolean {
  switch (constraint.kind) {
    case 'notNull':
      return value !== undefined && value !== null;
    case 'pattern':
      return new RegExp(`^${constraint.pattern}$`).test(value as string);
    case 'minLength':
      return lengthOf(value) >= constraint.n;
    case 'maxLength':
      return lengthOf(value) <= constraint.n;
    case 'min':
      return (value as number) >= constraint.n;
    case 'max':
      return (value as number) <= constraint.n;
    case 'enum':
      return constraint.values.includes(value as string);
    case 'keys':
      return Object.keys(value as object).every((key) => constraint.constraints.every((c) => holds(c, key)));
    default:
      return Object.values(value as object).every((element) =>
        constraint.constraints.every((c) => holds(c, element)),
      );
  }
}

class Collector {
  readonly errors: string[] = [];

  full(): boolean {
    return this.errors.length >= MAX_REPORTED;
  }

  check(value: unknown, spec: Spec, path: string): void {
    for (const constraint of spec.constraints) {
      if (this.full()) return;
      if (constraint.kind !== 'notNull' && (value === undefined || value === null)) continue;
      if (!holds(constraint, value)) {
        const shown = value === undefined || value === null ? 'null' : `'${render(value)}'`;
        this.errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${describe(constraint)}`);
      }
    }
    if (value === undefined || value === null) return;
    if (spec.type === 'List') {
      (value as unknown[]).forEach((element, i) => this.check(element, spec.of, `${path}.${i + 1}.member`));
    } else if (spec.type === 'Map') {
      for (const [key, element] of Object.entries(value as object))
        this.check(element, spec.of, `${path}.${key}.member`);
    } else if (spec.type === 'Struct') {
      this.members(value as Record<string, unknown>, spec.members, `${path}.`);
    }
  }

  members(body: Record<string, unknown>, members: Members, prefix = ''): void {
    for (const [name, spec] of Object.entries(members))
      this.check(body[name], spec, `${prefix}${lowerFirst(name)}`);
  }
}

export function checkConstraints(body: Record<string, unknown>, spec: OperationSpec): void {
  for (const name of Object.keys(spec.members)) {
    if (spec.required?.includes(name) && (body[name] === undefined || body[name] === null)) {
      throw validation(`The parameter '${name}' is required but was not present in the request`);
    }
    const value = body[name];
    if (
      spec.tableNames?.includes(name) &&
      typeof value === 'string' &&
      (value.length < 3 || value.length > 255)
    ) {
      throw validation(`${name} must be at least 3 characters long and at most 255 characters long`);
    }
  }
  const collector = new Collector();
  collector.members(body, spec.members);
  const { errors } = collector;
  if (errors.length > 0) {
    const count = `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: `;
    throw validation(count + errors.join('; '));
  }
}
