// A runtime runs in a process group of its own (spawned detached), so that ending its environment
// ends whatever the function started too: a forked worker or a `sleep` left behind would otherwise
// outlive the environment, as nothing on Lambda does.
import type { ChildProcess } from 'node:child_process';

export const OWN_GROUP = { detached: true } as const;

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already; the process may still be exiting
  }
}
