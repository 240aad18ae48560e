/**
 * Web app figures (issue 3): the gzipped JavaScript the sign-in page loads, and the time until a
 * board of 500 deals is interactive in headless Chromium. Runs the real server on a fresh PGlite
 * data directory. `npm run bench:web`; results in bench/results/<date>-web.{json,md}.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ADMIN = { email: 'bench@web.test', password: 'bench-web-password' };
const DEALS = 500;
const RUNS = 5;

async function startServer(): Promise<{ url: string; stop: () => void }> {
  execSync('node scripts/ensure-web-build.mjs', { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-web-'));
  const port = 4100 + Math.floor(Math.random() * 100);
  const server: ChildProcess = spawn('npx', ['tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      TANDEM_ADMIN_EMAIL: ADMIN.email,
      TANDEM_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 180; i++) {
    if (
      await fetch(`${url}/api/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    url,
    stop: () => {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
      setTimeout(() => rmSync(dataDir, { recursive: true, force: true }), 1000);
    },
  };
}

async function seedBoard(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { cookie, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const company = await call<{ id: string }>('/companies', { name: 'Board benchmark' });
  const contact = await call<{ id: string }>('/contacts', { name: 'Decision maker', companyId: company.id });
  const { items } = await call<{ items: { stages: { id: string; kind: string }[] }[] }>('/pipelines');
  const open = items[0]!.stages.filter((stage) => stage.kind === 'open');
  for (let i = 0; i < DEALS; i++) {
    await call('/deals', {
      title: `Deal ${i + 1}`,
      companyId: company.id,
      contactId: contact.id,
      stageId: open[i % open.length]!.id,
      amountMinor: (i + 1) * 10_000_00,
      expectedCloseDate: '2026-12-31',
      nextStep: 'Call the decision maker',
    });
  }
  return cookie;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    // 1. JavaScript the sign-in page loads, gzipped as a server would send it.
    const page = await browser.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script') {
        const body = await response.body().catch(() => Buffer.alloc(0));
        scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
      }
    });
    await page.goto(server.url, { waitUntil: 'networkidle' });
    await page.getByRole('button').first().waitFor();
    const signInJsGzipBytes = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    await page.close();

    // 2. A board of 500 deals: from navigation to every card on screen and the first one draggable.
    const cookie = await seedBoard(server.url);
    const api: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await fetch(`${server.url}/api/v1/deals/board?perStage=200`, { headers: { cookie } }).then((r) =>
        r.json(),
      );
      api.push(Math.round(performance.now() - started));
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const board = await context.newPage();
    await board.goto(server.url);
    await board.getByLabel(/e-mail|эл\. почта/i).fill(ADMIN.email);
    await board.getByLabel(/^password|^пароль/i).fill(ADMIN.password);
    await board.getByRole('button').last().click();
    await board.getByTestId('workspace-name').waitFor();
    const cold: number[] = [];
    const inApp: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = Date.now();
      await board.goto(`${server.url}/deals`);
      await board.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="deal-card"]').length >= n,
        DEALS,
      );
      await board.getByTestId('deal-card').first().hover();
      cold.push(Date.now() - started);

      await board.goto(`${server.url}/`);
      await board.getByTestId('workspace-name').waitFor();
      const navStarted = Date.now();
      await board.getByRole('link', { name: /deal board|воронка/i }).click();
      await board.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="deal-card"]').length >= n,
        DEALS,
      );
      await board.getByTestId('deal-card').first().hover();
      inApp.push(Date.now() - navStarted);
    }

    const result = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      signInPage: {
        javascriptGzipBytes: signInJsGzipBytes,
        javascriptGzipKb: +(signInJsGzipBytes / 1024).toFixed(1),
        targetKb: 350,
        scripts: scripts.size,
      },
      board500: {
        deals: DEALS,
        runs: RUNS,
        boardApiMsMedian: median(api),
        coldLoadMsMedian: median(cold),
        inAppNavigationMsMedian: median(inApp),
        coldLoadMs: cold,
        inAppNavigationMs: inApp,
        targetMs: 1000,
      },
    };
    mkdirSync('bench/results', { recursive: true });
    const day = result.date.slice(0, 10);
    writeFileSync(`bench/results/${day}-web.json`, `${JSON.stringify(result, null, 2)}\n`);
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const md = [
      `# Web app figures — ${day}`,
      '',
      `Headless Chromium against the real server on PGlite; ${result.machine.cores} cores, Node ${result.machine.node}.`,
      '',
      '| figure | value | target | |',
      '|---|---|---|---|',
      `| JavaScript the sign-in page loads (gzip, ${scripts.size} files) | ${result.signInPage.javascriptGzipKb} KB | ≤ 350 KB | ${pass(result.signInPage.javascriptGzipKb <= 350)} |`,
      `| Board of ${DEALS} deals interactive, in-app navigation (median of ${RUNS}) | ${result.board500.inAppNavigationMsMedian} ms | ≤ 1000 ms | ${pass(result.board500.inAppNavigationMsMedian <= 1000)} |`,
      `| Board of ${DEALS} deals interactive, full page load (median of ${RUNS}) | ${result.board500.coldLoadMsMedian} ms | ≤ 1000 ms | ${pass(result.board500.coldLoadMsMedian <= 1000)} |`,
      `| of which the board API call alone (median of ${RUNS}) | ${result.board500.boardApiMsMedian} ms | | |`,
      '',
      '"Interactive" is measured from the navigation until all cards are rendered and the first card takes a pointer.',
      '',
    ].join('\n');
    writeFileSync(`bench/results/${day}-web.md`, md);
    writeFileSync('bench/results/latest-web.md', md);
    console.log(md);
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
