/**
 * A job the server runs every `everyMs` (hand-back after absences, webhook deliveries, …): never
 * two runs of the same job at once in one process, errors logged and not fatal, stopped on
 * shutdown. Jobs that must run once across several processes take an advisory lock themselves.
 */
export function startPeriodic(
  name: string,
  everyMs: number,
  run: () => Promise<unknown>,
  log: { error: (object: unknown, message: string) => void },
): { stop: () => void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } catch (error) {
      log.error({ err: error, job: name }, `${name} failed`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
