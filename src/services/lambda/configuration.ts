// A function row as Lambda's FunctionConfiguration.
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LATEST } from './constants.js';
import { qualifiedArn } from './names.js';
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
 * SDK's waitUntilFunctionActiveV2 succeeds on the first poll). CreateFunction and PublishVersion
 * answer with `Pending`/`Creating`, as Lambda does. `version` is `$LATEST` unless the row is a
 * published version's; FunctionArn carries the qualifier the function was named by, as on Lambda
 * (an alias's name for an alias, the number for a version).
 */
export function toConfiguration(
  row: FunctionRow & { version?: string },
  options: { creating?: boolean; qualifier?: string } = {},
): FunctionConfiguration {
  const key = { accountId: row.account_id, region: row.region, name: row.name };
  const variables = parseJson<Record<string, string>>(row.environment);
  return {
    FunctionName: row.name,
    FunctionArn: qualifiedArn(key, options.qualifier),
    Runtime: (row.runtime ?? undefined) as FunctionConfiguration['Runtime'],
    Role: row.role,
    Handler: row.handler ?? undefined,
    CodeSize: row.code_size,
    Description: row.description,
    Timeout: row.timeout,
    MemorySize: row.memory_size,
    LastModified: lastModified(row.modified_at),
    CodeSha256: row.code_sha256,
    Version: row.version ?? LATEST,
    Environment: variables ? { Variables: variables } : undefined,
    Layers: layersConfiguration(row),
    TracingConfig: { Mode: 'PassThrough' },
    DeadLetterConfig: row.dead_letter_target ? { TargetArn: row.dead_letter_target } : undefined,
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
