// Settings of the DynamoDB service that an operator may change through the environment.

function nonNegativeInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * How long CREATING, UPDATING and DELETING last: NUBIS_DYNAMODB_STATUS_DELAY_MS, default 0. The
 * call that starts a change still answers with the transitional status, as DynamoDB does; the next
 * DescribeTable sees the change done (AWS takes seconds to minutes, which only slows tests down).
 */
export function statusDelayMs(): number {
  return nonNegativeInteger('NUBIS_DYNAMODB_STATUS_DELAY_MS') ?? 0;
}

/**
 * How often expired items are looked for: NUBIS_DYNAMODB_TTL_SWEEP_MS, default 1 s. DynamoDB takes
 * up to a few days; deleting promptly is what tests and applications want from an emulator.
 */
export function ttlSweepMs(): number {
  const value = nonNegativeInteger('NUBIS_DYNAMODB_TTL_SWEEP_MS');
  return value === undefined || value === 0 ? 1000 : value;
}
