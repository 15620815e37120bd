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

/** How soon an expired item is deleted after its TTL time: NUBIS_DYNAMODB_TTL_DELAY_MS, default 0. */
export function ttlDelayMs(): number {
  return nonNegativeInteger('NUBIS_DYNAMODB_TTL_DELAY_MS') ?? 0;
}
