// Where the behaviour recorded against AWS lives: the workspace's `shared/conformance`, beside the
// repository (`../shared`), wherever the clone is (the workspace's own `/work/shared` then), or
// where NUBIS_CONFORMANCE_DIR says.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const CANDIDATES = [
  process.env['NUBIS_CONFORMANCE_DIR'],
  resolve(process.cwd(), '../shared/conformance'),
  '/work/shared/conformance',
].filter((dir): dir is string => dir !== undefined);

export function conformanceFile(relative: string): string {
  const dir = CANDIDATES.find((candidate) => existsSync(resolve(candidate, relative)));
  if (!dir) throw new Error(`no ${relative} under ${CANDIDATES.join(' or ')} (set NUBIS_CONFORMANCE_DIR)`);
  return resolve(dir, relative);
}
