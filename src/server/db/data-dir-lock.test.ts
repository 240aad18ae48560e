import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

describe('acquireDataDirLock', () => {
  it('refuses a directory held by a live process, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
    writeFileSync(join(dir, 'tandem.pid'), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/already running.*pid/);
  });

  it('takes over a stale lock and releases it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
    const finished = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'tandem.pid'), finished.stdout.trim());
    const release = acquireDataDirLock(dir);
    expect(existsSync(join(dir, 'tandem.pid'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'tandem.pid'))).toBe(false);
  });
});
