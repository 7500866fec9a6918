import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// deploy/local/server-lib.sh's cp_alive, which the local servers' start and stop scripts wait on.
const lib = resolve(import.meta.dirname, '../../../../deploy/local/server-lib.sh');
const alive = (pid: number | string): boolean =>
  execFileSync('bash', ['-c', `. "$0"; cp_alive "$1" && echo yes || echo no`, lib, String(pid)])
    .toString()
    .trim() === 'yes';
const linux = existsSync('/proc/self/stat');
// A kernel thread has an empty command line, as a process has for a moment while it execs.
const kthreadd = linux && existsSync('/proc/2/stat') && readFileSync('/proc/2/stat', 'utf8').startsWith('2 (kthreadd)');

describe('cp_alive (deploy/local/server-lib.sh)', () => {
  it('says a running process is alive, and one that is gone is not', () => {
    expect(alive(process.pid)).toBe(true);
    const gone = Number(execFileSync('bash', ['-c', 'sh -c "exit 0" & echo $!; wait']).toString().trim());
    expect(alive(gone)).toBe(false);
  });

  it.skipIf(!linux)('says a process that exited and was not reaped yet (a zombie) is not alive', () => {
    // The middle shell execs sleep, which never reaps the child it inherits: that child stays a zombie meanwhile.
    const answer = execFileSync('bash', [
      '-c',
      `. "$0"; f=$(mktemp); sh -c 'sh -c "exit 0" & echo $! >"$0"; exec sleep 2' "$f" &
       until [ -s "$f" ]; do sleep 0.05; done; z=$(cat "$f"); sleep 0.3
       state=$(cut -d')' -f2 /proc/$z/stat | cut -c2); cp_alive "$z" && echo "$state alive" || echo "$state dead"
       rm -f "$f"; kill %1`,
      lib,
    ])
      .toString()
      .trim();
    expect(answer).toBe('Z dead');
  });

  it.skipIf(!kthreadd)('says a live process with an empty command line is alive (as while it execs)', () => {
    expect(alive(2)).toBe(true);
  });
});
