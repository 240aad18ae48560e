import { describe, expect, it } from 'vitest';
import { databaseUrl, parseBenchOptions } from './options.ts';

describe('parseBenchOptions', () => {
  it('defaults to a million deals, three activities each, 1/8/32 connections', () => {
    expect(parseBenchOptions([])).toEqual({
      deals: 1_000_000,
      activities: 3_000_000,
      skipGenerate: false,
      generateOnly: false,
      client: 'http',
      durationSeconds: 5,
      warmupSeconds: 1,
      maxRequests: 100_000,
      concurrency: [1, 8, 32],
      database: 'tandem_bench',
      outDir: 'bench/results',
    });
  });

  it('reads every flag', () => {
    const options = parseBenchOptions([
      '--deals',
      '100_000',
      '--activities',
      '50000',
      '--skip-generate',
      '--client',
      'fetch',
      '--duration',
      '2.5',
      '--warmup',
      '0.5',
      '--requests',
      '2000',
      '--concurrency',
      '32, 1,8,8',
      '--database',
      'bench_small',
      '--out',
      '/tmp/out',
    ]);
    expect(options).toMatchObject({
      deals: 100_000,
      activities: 50_000,
      skipGenerate: true,
      client: 'fetch',
      durationSeconds: 2.5,
      warmupSeconds: 0.5,
      maxRequests: 2_000,
      concurrency: [1, 8, 32],
      database: 'bench_small',
      outDir: '/tmp/out',
    });
  });

  it('refuses nonsense', () => {
    const quiet = { quiet: true };
    expect(() => parseBenchOptions(['--deals', '0'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--deals', 'many'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--concurrency', '1,x'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--database', 'Bench; drop'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--client', 'curl'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--unknown'], quiet)).toThrow();
    expect(() => parseBenchOptions(['--skip-generate', '--generate-only'], quiet)).toThrow(/exclude/);
  });
});

describe('databaseUrl', () => {
  it('keeps the server and credentials and swaps the database', () => {
    expect(databaseUrl('postgres://postgres:secret@127.0.0.1:5432/test', 'tandem_bench')).toBe(
      'postgres://postgres:secret@127.0.0.1:5432/tandem_bench',
    );
  });
});
