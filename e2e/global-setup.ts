import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Builds the web app if needed, then starts Tandem exactly as `npm start` would, on a fresh PGlite
 * data directory and a free port, with a first admin. Tests read the address from E2E_BASE_URL.
 */
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };

export default async function setup(): Promise<() => Promise<void>> {
  execSync('node scripts/ensure-web-build.mjs', { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const server: ChildProcess = spawn('npx', ['tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TANDEM_ADMIN_EMAIL: E2E_ADMIN.email,
      TANDEM_ADMIN_PASSWORD: E2E_ADMIN.password,
      TANDEM_WORKSPACE_NAME: 'E2E Agency',
      // The flows sign the same admin in many times a minute; the limit itself has its own API test.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATA_DIR = dataDir;
  await waitForHealth(baseUrl, 90_000);
  return async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function waitForHealth(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Tandem did not come up at ${baseUrl} within ${timeoutMs} ms`);
}
