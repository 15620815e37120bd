/**
 * Unpacks a function's or layer's deployment package (a zip) into a directory, as Lambda does
 * into /var/task and /opt: file modes are kept (a `bootstrap` must stay executable), paths may not
 * leave the directory, symbolic links are not followed, and the unzipped size is limited.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** Lambda's quota for a function and its layers, unzipped. */
export const MAX_UNZIPPED_BYTES = 262_144_000;

export class InvalidPackageError extends Error {}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings (the default) makes yauzl refuse absolute paths and `..` segments.
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (error, zipfile) =>
      error || !zipfile ? reject(new InvalidPackageError(error?.message ?? 'not a zip')) : resolve(zipfile),
    );
  });
}

function openEntry(zipfile: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zipfile.openReadStream(entry, (error, stream) =>
      error || !stream
        ? reject(new InvalidPackageError(error?.message ?? 'unreadable entry'))
        : resolve(stream),
    );
  });
}

/** Executable bits of the entry's Unix mode survive; everything else is rw-r--r--. */
function modeOf(entry: Entry): number {
  const unixMode = (entry.externalFileAttributes >>> 16) & 0o777;
  return unixMode & 0o111 ? 0o755 : 0o644;
}

async function writeEntry(zipfile: ZipFile, entry: Entry, directory: string): Promise<void> {
  const target = join(directory, entry.fileName);
  if (entry.fileName.endsWith('/')) {
    await mkdir(target, { recursive: true });
    return;
  }
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return;
  await mkdir(dirname(target), { recursive: true });
  await pipeline(await openEntry(zipfile, entry), createWriteStream(target));
  await chmod(target, modeOf(entry));
}

/** Returns the unzipped size in bytes. */
export async function unpackZip(
  zip: Buffer,
  directory: string,
  limitBytes = MAX_UNZIPPED_BYTES,
): Promise<number> {
  const zipfile = await openZip(zip);
  await mkdir(directory, { recursive: true });
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      zipfile.close();
      reject(
        error instanceof InvalidPackageError
          ? error
          : new InvalidPackageError(String((error as Error)?.message ?? error)),
      );
    };
    zipfile.on('error', fail);
    zipfile.on('end', () => resolve(total));
    zipfile.on('entry', (entry: Entry) => {
      total += entry.uncompressedSize;
      if (total > limitBytes)
        return fail(new InvalidPackageError(`Unzipped size must be smaller than ${limitBytes} bytes`));
      writeEntry(zipfile, entry, directory).then(() => zipfile.readEntry(), fail);
    });
    zipfile.readEntry();
  });
}
