// JSONata in the States Language (AWS docs, "Transforming data with JSONata in Step Functions"): a
// string `{% … %}` anywhere in a field is an expression, evaluated with `$states` (input, context,
// result, errorOutput) and the workflow's variables bound, plus AWS's own functions. An expression
// that yields nothing is an error, reported with the field it was in.
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { FieldError, QUERY_EVALUATION } from './errors.js';

export const JSONATA = 'JSONata';

export interface StatesBinding {
  input: unknown;
  context: unknown;
  result?: unknown;
  errorOutput?: unknown;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** AWS's functions beside JSONata's own. */
const AWS_FUNCTIONS = {
  partition: (items: unknown[], size: number) => {
    const parts: unknown[][] = [];
    for (let at = 0; at < items.length; at += size) parts.push(items.slice(at, at + size));
    return parts;
  },
  range: (start: number, end: number, step: number) => {
    const values: number[] = [];
    for (let value = start; step > 0 ? value <= end : value >= end; value += step) values.push(value);
    return values;
  },
  hash: (value: string, algorithm: string) =>
    createHash(algorithm.replace('-', '').toLowerCase()).update(value).digest('hex'),
  random: () => Math.random(),
  uuid: () => randomUUID(),
  // -0 is written as 0 in JSON.
  parse: (text: string) => {
    const value = JSON.parse(text) as unknown;
    return Object.is(value, -0) ? 0 : value;
  },
};

export async function evaluateJsonata(
  value: unknown,
  states: StatesBinding,
  variables: Record<string, unknown>,
  field: string,
): Promise<unknown> {
  if (typeof value === 'string') {
    const match = EXPRESSION.exec(value);
    if (!match) return value;
    return expression(match[1]!.trim(), { ...variables, ...AWS_FUNCTIONS, states }, field);
  }
  if (Array.isArray(value))
    return Promise.all(
      value.map((item, index) => evaluateJsonata(item, states, variables, `${field}[${index}]`)),
    );
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    out[key] = await evaluateJsonata(inner, states, variables, `${field}/${key}`);
  return out;
}

async function expression(text: string, bindings: Record<string, unknown>, field: string): Promise<unknown> {
  let result: unknown;
  try {
    result = await jsonata(text).evaluate({}, bindings);
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    throw new FieldError(
      QUERY_EVALUATION,
      `The JSONata expression '${text}' specified for the field '${field}' threw an error during evaluation. ${message}`,
      field,
    );
  }
  if (result === undefined)
    throw new FieldError(
      QUERY_EVALUATION,
      `The JSONata expression '${text}' specified for the field '${field}' returned nothing (undefined).`,
      field,
    );
  return plain(result);
}

/** JSONata's sequences and frozen arrays, as plain JSON values. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
