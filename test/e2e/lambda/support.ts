// Shared set-up for the Lambda end-to-end suites: one Nubis process per suite, an SDK client, zips.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before } from 'node:test';
import {
  CreateFunctionCommand,
  LambdaClient,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import yazl from 'yazl';
import { sdkConfig, startNubis, type NubisProcess, type StorageKind } from '../../support/nubis.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
export const ACCOUNT = '000000000000';

export interface LambdaFixture {
  nubis: NubisProcess;
  lambda: LambdaClient;
}

export function useLambda(storage: StorageKind): LambdaFixture {
  const fixture = {} as LambdaFixture;
  before(async () => {
    fixture.nubis = await startNubis({ storage });
    fixture.lambda = new LambdaClient({ ...sdkConfig(fixture.nubis.endpoint, ACCOUNT), maxAttempts: 1 });
  });
  after(async () => {
    fixture.lambda?.destroy();
    await fixture.nubis?.stop();
  });
  return fixture;
}

/** `executable` names the files that keep an executable mode (a custom runtime's `bootstrap`). */
export function zipOf(files: Record<string, string>, executable: string[] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(content), name, { mode: executable.includes(name) ? 0o100755 : 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export const handlerZip = () => zipOf({ 'index.mjs': 'export const handler = async () => "hi";' });

/** A function that answers `word` and what Lambda told it about the version it runs as. */
export const wordZip = (word: string) =>
  zipOf({
    'index.mjs': `export const handler = async (event, context) => ({
      word: ${JSON.stringify(word)},
      version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedArn: context.invokedFunctionArn,
      stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    });`,
  });

export const decodePayload = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as any;

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('base64');
}

export async function createFunction(
  lambda: LambdaClient,
  name: string,
  overrides: Partial<CreateFunctionCommandInput> = {},
): Promise<FunctionConfiguration> {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: await handlerZip() },
      ...overrides,
    }),
  );
}

export interface ExpectedError {
  name: string;
  message?: string | RegExp;
  status?: number;
}

export async function rejects(promise: Promise<unknown>, expected: ExpectedError): Promise<void> {
  await assert.rejects(promise, (error: any) => {
    assert.equal(error.name, expected.name, `${error.name}: ${error.message}`);
    if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
    else if (expected.message) assert.match(error.message, expected.message);
    if (expected.status !== undefined) assert.equal(error.$metadata?.httpStatusCode, expected.status);
    return true;
  });
}

/** How many blobs (deployment packages) the process's storage holds: files for SQLite, rows for PostgreSQL. */
export async function countBlobs(nubis: NubisProcess): Promise<number> {
  if (!nubis.postgresUrl) {
    const root = join(nubis.dataDir, 'blobs');
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'tmp')
      .reduce((count, entry) => count + readdirSync(join(root, entry.name)).length, 0);
  }
  const client = new pg.Client({ connectionString: nubis.postgresUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('SELECT COUNT(*) AS count FROM nubis_blobs');
    return Number(result.rows[0]?.count);
  } finally {
    await client.end();
  }
}
