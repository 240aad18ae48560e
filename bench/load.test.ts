import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runLoad } from './load.ts';

describe('runLoad (closed loop)', () => {
  it('stops at the request budget and numbers requests once each', async () => {
    const seen: number[] = [];
    const result = await runLoad(
      async (sequence) => {
        seen.push(sequence);
        await sleep(1);
      },
      { concurrency: 4, durationMs: 10_000, maxRequests: 40 },
    );
    expect(result.requests).toBe(40);
    expect(result.errors).toBe(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('never has more requests in flight than workers', async () => {
    let inFlight = 0;
    let most = 0;
    await runLoad(
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(2);
        inFlight -= 1;
      },
      { concurrency: 3, durationMs: 10_000, maxRequests: 30 },
    );
    expect(most).toBe(3);
  });

  it('stops starting requests when the duration is over', async () => {
    const started = performance.now();
    const result = await runLoad(() => sleep(5), { concurrency: 2, durationMs: 60 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.requests).toBeGreaterThan(2);
    expect(result.p50).toBeGreaterThanOrEqual(4);
  });

  it('counts failures and keeps the first message; warm-up requests are not counted', async () => {
    let calls = 0;
    const result = await runLoad(
      async (sequence) => {
        calls += 1;
        if (sequence % 2 === 1) throw new Error(`boom ${sequence}`);
      },
      { concurrency: 1, durationMs: 10_000, maxRequests: 10, warmupMs: 20 },
    );
    expect(result.requests).toBe(10);
    expect(result.errors).toBe(5);
    expect(result.firstError).toBe('boom 1');
    expect(calls).toBeGreaterThan(10);
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    await expect(runLoad(async () => undefined, { concurrency: 0, durationMs: 10 })).rejects.toThrow(
      /concurrency/,
    );
  });
});
