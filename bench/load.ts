import { performance } from 'node:perf_hooks';
import { type Summary, summarize } from './stats.ts';

/**
 * A bounded closed-loop load generator: `concurrency` workers, each sending its next request
 * only when the previous one has answered, until the duration is over or the request budget is
 * spent. Latency is measured per request from the worker's side; throughput is what the system
 * completed per second of wall-clock time at that concurrency.
 */
export interface LoadOptions {
  concurrency: number;
  /** Stop starting new requests after this long (milliseconds). */
  durationMs: number;
  /** …or after this many requests, whichever comes first. */
  maxRequests?: number;
  /** Run this long first and throw the figures away (connections open, caches and JIT warm). */
  warmupMs?: number;
}

/** One request; `sequence` numbers requests 0, 1, 2… across all workers. Throw on failure. */
export type Task = (sequence: number) => Promise<void>;

export interface LoadResult extends Summary {
  /** The first error message seen, if any request failed. */
  firstError?: string;
}

async function closedLoop(
  task: Task,
  concurrency: number,
  durationMs: number,
  maxRequests: number,
): Promise<{ latencies: number[]; errors: number; firstError?: string; elapsedMs: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      const sequence = issued++;
      const begin = performance.now();
      try {
        await task(sequence);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, firstError, elapsedMs: performance.now() - started };
}

export async function runLoad(task: Task, options: LoadOptions): Promise<LoadResult> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${options.concurrency}`);
  }
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  if (options.warmupMs && options.warmupMs > 0) {
    await closedLoop(task, options.concurrency, options.warmupMs, maxRequests);
  }
  const run = await closedLoop(task, options.concurrency, options.durationMs, maxRequests);
  const summary = summarize(run.latencies, run.elapsedMs, run.errors);
  return run.firstError ? { ...summary, firstError: run.firstError } : summary;
}
