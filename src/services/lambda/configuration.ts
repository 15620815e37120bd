// A function row as Lambda's FunctionConfiguration.
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LATEST } from './constants.js';
import { functionArn } from './names.js';
import type { FunctionRow } from './store-functions.js';
import { layersConfiguration } from './function-layers.js';

/** Lambda's LastModified: ISO 8601 with milliseconds and a `+0000` offset. */
export function lastModified(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

export function parseJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/**
 * The package is validated before the row exists, so a stored function is Active at once (the
 * SDK's waitUntilFunctionActiveV2 succeeds on the first poll). CreateFunction itself answers with
 * `Pending`/`Creating`, as Lambda does.
 */
export function toConfiguration(
  row: FunctionRow,
  options: { creating?: boolean } = {},
): FunctionConfiguration {
  const key = { accountId: row.account_id, region: row.region, name: row.name };
  const variables = parseJson<Record<string, string>>(row.environment);
  return {
    FunctionName: row.name,
    FunctionArn: functionArn(key),
    Runtime: (row.runtime ?? undefined) as FunctionConfiguration['Runtime'],
    Role: row.role,
    Handler: row.handler ?? undefined,
    CodeSize: row.code_size,
    Description: row.description,
    Timeout: row.timeout,
    MemorySize: row.memory_size,
    LastModified: lastModified(row.modified_at),
    CodeSha256: row.code_sha256,
    Version: LATEST,
    Environment: variables ? { Variables: variables } : undefined,
    Layers: layersConfiguration(row),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: row.revision_id,
    ...(options.creating
      ? { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' }
      : { State: 'Active' }),
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${row.name}` },
  };
}
