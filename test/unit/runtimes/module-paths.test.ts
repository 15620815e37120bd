import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  isBareSpecifier,
  nodePathFolder,
  optPath,
  parentInside,
  resolutionConfig,
} from '../../../src/runtimes/node/module-paths.js';

describe('module paths of the Node.js runtime', () => {
  let opt: string;
  before(() => {
    opt = mkdtempSync(join(tmpdir(), 'nubis-opt-'));
    mkdirSync(join(opt, 'nodejs', 'node22', 'node_modules', 'both'), { recursive: true });
    mkdirSync(join(opt, 'nodejs', 'node_modules', 'both'), { recursive: true });
    mkdirSync(join(opt, 'nodejs', 'node_modules', '@scope', 'pkg'), { recursive: true });
  });
  after(() => rmSync(opt, { recursive: true, force: true }));

  test('literal /opt paths and file URLs map into the layers directory, and only with layers', () => {
    assert.equal(optPath('/opt/lib/x.js', opt), join(opt, 'lib', 'x.js'));
    assert.equal(optPath('file:///opt/lib/x%20y.mjs', opt), join(opt, 'lib', 'x y.mjs'));
    assert.equal(optPath('/optional/x.js', opt), undefined);
    assert.equal(optPath('./opt/x.js', opt), undefined);
    assert.equal(optPath('/opt/lib/x.js', undefined), undefined);
  });

  test('bare specifiers are package names', () => {
    for (const bare of ['lodash', 'lodash/fp', '@aws-sdk/client-sqs', '@scope/pkg/sub'])
      assert.ok(isBareSpecifier(bare), bare);
    for (const other of ['./x', '../x', '/x', 'node:fs', 'file:///x', 'data:text/javascript,', '#internal'])
      assert.ok(!isBareSpecifier(other), other);
  });

  test('NODE_PATH folders are searched in order, for node_modules folders that hold the package', () => {
    const nodePath = resolutionConfig({
      NODE_PATH: `${join(opt, 'nodejs', 'node22', 'node_modules')}:${join(opt, 'nodejs', 'node_modules')}:/var/task`,
      NUBIS_OPT_DIR: opt,
    }).nodePath;
    assert.equal(nodePath.length, 3);
    assert.equal(nodePathFolder('both/sub', nodePath), join(opt, 'nodejs', 'node22', 'node_modules'));
    assert.equal(nodePathFolder('@scope/pkg', nodePath), join(opt, 'nodejs', 'node_modules'));
    assert.equal(nodePathFolder('missing', nodePath), undefined);
    assert.equal(
      parentInside(join(opt, 'nodejs', 'node_modules')),
      pathToFileURL(join(opt, 'nodejs', 'index.js')).href,
    );
  });
});
