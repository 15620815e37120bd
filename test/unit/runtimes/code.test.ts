import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import yazl from 'yazl';
import { InvalidPackageError, unpackZip } from '../../../src/runtimes/code.js';

function zipOf(
  entries: Array<{ name: string; content?: string; mode?: number; directory?: boolean }>,
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.directory) zip.addEmptyDirectory(entry.name);
    else zip.addBuffer(Buffer.from(entry.content ?? ''), entry.name, { mode: entry.mode ?? 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

describe('deployment packages', () => {
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'nubis-code-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('unpacks files and directories, keeping executable bits', async () => {
    const zip = await zipOf([
      { name: 'index.mjs', content: 'export const handler = 1;' },
      { name: 'lib/', directory: true },
      { name: 'lib/util.js', content: 'module.exports = 2;' },
      { name: 'bootstrap', content: '#!/bin/sh\n', mode: 0o100755 },
    ]);
    const target = join(root, 'a');
    const size = await unpackZip(zip, target);
    assert.equal(
      size,
      'export const handler = 1;'.length + 'module.exports = 2;'.length + '#!/bin/sh\n'.length,
    );
    assert.equal(readFileSync(join(target, 'lib', 'util.js'), 'utf8'), 'module.exports = 2;');
    assert.equal(statSync(join(target, 'bootstrap')).mode & 0o777, 0o755);
    assert.equal(statSync(join(target, 'index.mjs')).mode & 0o777, 0o644);
  });

  test('refuses what is not a zip', async () => {
    await assert.rejects(
      unpackZip(Buffer.from('definitely not a zip'), join(root, 'b')),
      InvalidPackageError,
    );
    await assert.rejects(unpackZip(Buffer.alloc(0), join(root, 'c')), InvalidPackageError);
  });

  test('refuses paths that leave the directory', async () => {
    const zip = await zipOf([{ name: 'ok.txt', content: 'x' }]);
    // yazl refuses to write `..` itself, so the name is patched in the archive's bytes.
    const evil = Buffer.from(zip.toString('latin1').replaceAll('ok.txt', '../x.t'), 'latin1');
    await assert.rejects(unpackZip(evil, join(root, 'd', 'inner')), InvalidPackageError);
    assert.equal(existsSync(join(root, 'd', 'x.t')), false);
  });

  test('refuses packages larger than the unzipped limit', async () => {
    const zip = await zipOf([{ name: 'big.bin', content: 'y'.repeat(10_000) }]);
    await assert.rejects(
      unpackZip(zip, join(root, 'e'), 5_000),
      /Unzipped size must be smaller than 5000 bytes/,
    );
  });
});
