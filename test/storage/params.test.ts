import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bind, translate } from '../../src/storage/postgres/params.js';

describe('PostgreSQL named parameters', () => {
  it('numbers names in order of first use and reuses a number for a repeated name', () => {
    const t = translate('SELECT * FROM t WHERE a = :a AND b > :b_2 OR a = :a');
    assert.equal(t.text, 'SELECT * FROM t WHERE a = $1 AND b > $2 OR a = $1');
    assert.deepEqual(bind(t, { b_2: 2, a: 'x', unused: 0 }), ['x', 2]);
  });

  it('leaves casts, literals, quoted identifiers, comments and dollar quotes alone', () => {
    const sql = [
      "SELECT :v::bigint, ':no', 'it''s :no', E'\\' :no', \"col:no\"",
      '-- :no',
      '/* :no */ $$ :no $$ $tag$ :no $tag$ :yes',
    ].join('\n');
    const t = translate(sql);
    assert.deepEqual(t.names, ['v', 'yes']);
    assert.equal(t.text, sql.replace(':v', '$1').replace(':yes', '$2'));
  });

  it('does not take array slices or positional parameters for names', () => {
    assert.deepEqual(translate('SELECT a[1:2], $1').names, []);
  });

  it('rejects a missing parameter and binds undefined as null', () => {
    const t = translate('SELECT :a, :b');
    assert.throws(() => bind(t, { a: 1 }), /Missing named parameter "b"/);
    assert.deepEqual(bind(t, { a: 1, b: undefined as unknown as null }), [1, null]);
  });

  it('caches the translation', () => {
    assert.equal(translate('SELECT :cached'), translate('SELECT :cached'));
  });
});
