// What an execution environment of one function version is started with: its unpacked code and
// layers on this node, its limits and Lambda's variables. Shared by Invoke (on-demand environments)
// and provisioned concurrency (environments initialised ahead), so both run the same version alike.
import { randomUUID } from 'node:crypto';
import type { ServiceEnvironment } from '../../core/service.js';
import type { EnvironmentSpec } from '../../runtimes/environment.js';
import type { FunctionVersionRow } from './change.js';
import { codeDirectory } from './code-cache.js';
import { parseJson } from './configuration.js';
import { functionLayers } from './function-layers.js';
import { logGroupName, logStreamName } from './invocation-logs.js';
import { qualifiedArn } from './names.js';
import { optDirectory } from './opt-directory.js';
import { lambdaVariables, type InitializationType } from './variables.js';

/** The version row an environment runs: a function's `$LATEST` or one of its published versions. */
export type RunnableVersion = Omit<FunctionVersionRow, 'qualifier'>;

/**
 * Environments are kept per version and RevisionId: each version has its own, and a change to
 * `$LATEST` starts fresh ones.
 */
export function poolKeyOf(row: RunnableVersion): string {
  const key = { accountId: row.account_id, region: row.region, name: row.name };
  return `${qualifiedArn(key, row.version)}#${row.revision_id}`;
}

export async function environmentSpec(
  env: ServiceEnvironment,
  row: RunnableVersion,
  initializationType: InitializationType,
): Promise<EnvironmentSpec> {
  const directory = await codeDirectory(env.config.dataDir, env.storage.blobs, {
    blobId: row.code_blob,
    sha256: row.code_sha256,
  });
  const opt = await optDirectory(env.config.dataDir, env.storage.blobs, functionLayers(row));
  const runtime = row.runtime ?? 'provided.al2023';
  const stream = newLogStream(env, row);
  return {
    runtime,
    handler: row.handler ?? '',
    codeDirectory: directory,
    optDirectory: opt,
    memoryMb: row.memory_size,
    timeoutSeconds: row.timeout,
    clock: env.clock,
    logStream: stream,
    variables: lambdaVariables({
      functionName: row.name,
      version: row.version,
      runtime,
      handler: row.handler ?? '',
      memoryMb: row.memory_size,
      region: row.region,
      accountId: row.account_id,
      codeDirectory: directory,
      optDirectory: opt,
      logGroupName: logGroupName(row.name),
      logStreamName: stream,
      endpoint: `http://${env.config.host}:${env.config.port}`,
      userVariables: parseJson<Record<string, string>>(row.environment) ?? {},
      initializationType,
    }),
  };
}

function newLogStream(env: ServiceEnvironment, row: RunnableVersion): string {
  return logStreamName(env.clock.now(), row.version, randomUUID());
}

/** The same spec for another environment: Lambda gives each environment its own log stream. */
export function withOwnLogStream(
  env: ServiceEnvironment,
  row: RunnableVersion,
  spec: EnvironmentSpec,
): EnvironmentSpec {
  const stream = newLogStream(env, row);
  return { ...spec, logStream: stream, variables: { ...spec.variables, AWS_LAMBDA_LOG_STREAM_NAME: stream } };
}
