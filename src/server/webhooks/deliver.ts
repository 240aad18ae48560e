import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { MAX_ATTEMPTS, retryDelaySeconds, signDelivery } from './webhook-events.ts';

export interface DeliveryOutcome {
  id: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

type ClaimedDelivery = {
  workspace_id: string;
  id: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
};

/** How long a claimed delivery is left to its sender before another process may take it. */
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;

/**
 * Posts the deliveries that are due, at most `limit`. Each is claimed first (its next attempt
 * moved past a lease, `FOR UPDATE SKIP LOCKED`), so several Tandem processes never post the same
 * delivery at once; then posted with its signature; then marked succeeded, or retried later with
 * back-off, or failed after MAX_ATTEMPTS. A 2xx answer is success; anything else, a timeout or a
 * refused connection is a failed attempt with its reason kept in the log.
 */
export async function deliverDueWebhooks(
  database: Pick<Database, 'db'>,
  options: { limit?: number; now?: () => Date; only?: { workspaceId: string; id: string } } = {},
): Promise<DeliveryOutcome[]> {
  // The database's own clock unless a test moves time: a row written with `now()` a moment ago
  // has microseconds that a JavaScript Date (milliseconds) would fall short of.
  const now = () => (options.now ? sql`${options.now().toISOString()}::timestamptz` : sql`clock_timestamp()`);
  const claimed = await database.db.execute<ClaimedDelivery>(sql`
    update webhook_deliveries d
    set next_attempt_at = ${now()} + make_interval(secs => ${LEASE_SECONDS})
    from webhooks w
    where w.workspace_id = d.workspace_id and w.id = d.webhook_id
      and (d.workspace_id, d.id) in (
        select workspace_id, id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= ${now()}
          ${options.only ? sql`and workspace_id = ${options.only.workspaceId} and id = ${options.only.id}` : sql``}
        order by next_attempt_at
        limit ${options.limit ?? 50}
        for update skip locked)
    returning d.workspace_id, d.id, d.event, d.payload, d.attempts, w.url, w.secret`);
  const outcomes: DeliveryOutcome[] = [];
  for (const delivery of claimed.rows) {
    const outcome = await post(delivery, options.now?.() ?? new Date());
    outcomes.push(outcome);
    const attempts = delivery.attempts + 1;
    // A ping answers the person testing the webhook: tried once, never retried.
    const lastTry = attempts >= MAX_ATTEMPTS || delivery.event === 'ping';
    const status = outcome.ok ? 'succeeded' : lastTry ? 'failed' : 'pending';
    await database.db.execute(sql`
      update webhook_deliveries set
        status = ${status},
        attempts = ${attempts},
        last_status_code = ${outcome.statusCode},
        last_error = ${outcome.error},
        delivered_at = case when ${outcome.ok} then ${now()} end,
        next_attempt_at = ${now()} + make_interval(secs => ${outcome.ok ? 0 : retryDelaySeconds(attempts)})
      where workspace_id = ${delivery.workspace_id} and id = ${delivery.id}`);
  }
  return outcomes;
}

async function post(delivery: ClaimedDelivery, at: Date): Promise<DeliveryOutcome> {
  const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
  const timestamp = Math.floor(at.getTime() / 1000);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tandem-Webhooks/1',
        'x-tandem-event': delivery.event,
        'x-tandem-delivery': delivery.id,
        'x-tandem-timestamp': String(timestamp),
        'x-tandem-signature': signDelivery(delivery.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { id: delivery.id, ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message =
      (error as Error).name === 'TimeoutError'
        ? `No answer within ${TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { id: delivery.id, ok: false, statusCode: null, error: message };
  }
}
