// Builds the web app when dist/web is missing or older than its sources, so that a fresh clone's
// `npm start` serves the UI without a separate build step, and later starts skip the build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const output = 'dist/web/index.html';
const sources = ['src/web', 'src/contract', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

if (!existsSync('vite.config.ts')) process.exit(0);
const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
if (builtAt === 0 || Math.max(...sources.map(newest)) > builtAt) {
  console.log('Building the web app (once; later starts reuse it)…');
  // A production build even when called from a test runner (vitest sets NODE_ENV=test, which
  // would give React's development build and different chunks to everything that reuses dist/).
  execSync('npx vite build --logLevel warn', {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
