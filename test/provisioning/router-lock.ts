// The simulated routers are shared by every suite that provisions: jest runs test files in
// parallel workers, so the provisioning suites take this machine-wide lock for their whole run
// (an O_EXCL lock file holding the owner's pid; a dead owner's lock is taken over).
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// One lock per router pair: another checkout's stack (other addresses) is not contended.
const LOCK = path.join(
  os.tmpdir(),
  `gohan-es-routers-${process.env.MX1_ADDRESS ?? '127.0.0.11'}-${process.env.MX2_ADDRESS ?? '127.0.0.12'}.lock`,
);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryLock(): boolean {
  try {
    const fd = openSync(LOCK, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(LOCK, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) unlinkSync(LOCK);
    return false;
  }
}

/** Waits (bounded) for the routers, then holds them until releaseRouters(). */
export async function lockRouters(timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock()) {
    if (Date.now() > deadline)
      throw new Error(`routers still locked by another suite after ${timeoutMs} ms (${LOCK})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function releaseRouters(): void {
  try {
    if (Number(readFileSync(LOCK, 'utf8').trim()) === process.pid) unlinkSync(LOCK);
  } catch {
    // already gone
  }
}
