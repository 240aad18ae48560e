import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { companies } from './schema.ts';

/** The company if the actor may see it; 404 otherwise, so existence never leaks across scopes. */
export async function findVisibleCompany(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof companies.$inferSelect> {
  const query = db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, actor.workspaceId),
        eq(companies.id, id),
        companyRowWithinScope(actor, companies.ownerId, companies.id),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Company');
  return row;
}
