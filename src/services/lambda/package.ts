// Deployment packages uploaded as ZipFile: checked as Lambda checks them, then kept in the BlobStore.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestContext } from '../../core/service.js';
import { InvalidPackageError, unpackZip } from '../../runtimes/code.js';
import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from './constants.js';
import { invalidParameterValue, requestTooLarge } from './errors.js';

export interface StoredPackage {
  blobId: string;
  size: number;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
  unzippedSize: number;
}

interface CodeInput {
  ZipFile?: Uint8Array;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

/** Only direct uploads exist for now: Nubis has no object storage and runs no container images. */
export function zipFileOf(code: CodeInput): Buffer {
  if (code.ImageUri !== undefined) {
    throw invalidParameterValue(
      'Container images (ImageUri) are not supported by Nubis; upload a .zip file archive with ZipFile.',
    );
  }
  if (code.S3Bucket !== undefined || code.S3Key !== undefined || code.S3ObjectVersion !== undefined) {
    throw invalidParameterValue(
      'Code from Amazon S3 (S3Bucket, S3Key) is not available yet: Nubis has no object storage. Upload the .zip file archive with ZipFile.',
    );
  }
  if (code.ZipFile === undefined) {
    throw invalidParameterValue('Please provide a source for function code.');
  }
  return Buffer.from(code.ZipFile);
}

/**
 * Where a package is unpacked to be checked: given the package's SHA-256 and the unpacking itself
 * (which answers the unzipped size).
 */
export type Unpacking = (sha256: string, unpack: (directory: string) => Promise<number>) => Promise<number>;

/** Into a temporary directory, removed afterwards. */
const throwaway: Unpacking = async (_sha256, unpack) => {
  const directory = await mkdtemp(join(tmpdir(), 'nubis-lambda-'));
  try {
    return await unpack(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
};

/** Lambda unpacks the package to check it; an unreadable archive is refused before anything is stored. */
async function unpackedSize(zip: Buffer, sha256: string, unpacking: Unpacking): Promise<number> {
  if (zip.length === 0) throw invalidParameterValue('Uploaded file must be a non-empty zip');
  try {
    return await unpacking(sha256, (directory) => unpackZip(zip, directory, MAX_UNZIPPED_BYTES));
  } catch (error) {
    if (!(error instanceof InvalidPackageError)) throw error;
    if (error.message.startsWith('Unzipped size must be smaller than')) {
      throw invalidParameterValue(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    }
    throw invalidParameterValue(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  }
}

/** Validates the zip; without `unpacking`, nothing of it is kept (UpdateFunctionCode's DryRun). */
export async function checkPackage(
  zip: Buffer,
  operation: string,
  unpacking: Unpacking = throwaway,
): Promise<Omit<StoredPackage, 'blobId'>> {
  if (zip.length > MAX_ZIPPED_BYTES) throw requestTooLarge(operation);
  const sha256 = createHash('sha256').update(zip).digest('base64');
  return { size: zip.length, sha256, unzippedSize: await unpackedSize(zip, sha256, unpacking) };
}

/** Validates the zip and stores it; the caller deletes the blob if its transaction fails. */
export async function storePackage(
  ctx: RequestContext,
  zip: Buffer,
  operation: string,
  unpacking?: Unpacking,
): Promise<StoredPackage> {
  const checked = await checkPackage(zip, operation, unpacking);
  const blob = await ctx.storage.blobs.put(zip);
  return { ...checked, blobId: blob.id };
}
