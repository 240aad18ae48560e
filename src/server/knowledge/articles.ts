import { and, arrayContains, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type {
  Article,
  ArticleLink,
  ArticleSummary,
  CreateArticleBody,
  ListArticlesQuery,
  UpdateArticleBody,
} from '../../contract/knowledge.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { callLists } from '../call-queues/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { journeyTouchpoints } from '../journey/schema.ts';
import { stages } from '../pipelines/schema.ts';
import { users } from '../users/schema.ts';
import { knowledgeTsQuery, toKnowledgeQuery } from './knowledge-query.ts';
import { MARK_START, MARK_STOP, renderMarkdown, snippetHtml } from './render-markdown.ts';
import { articleLinks, articles, articleVersions } from './schema.ts';

type Row = typeof articles.$inferSelect;

export const isAdmin = (actor: Actor) => actor.roles.includes('admin');

/** Published articles are read by everyone in the workspace; a draft by its author and admins. */
export function articleWithinReach(actor: Actor): SQL | undefined {
  if (isAdmin(actor)) return undefined;
  return or(eq(articles.status, 'published'), eq(articles.authorId, actor.userId));
}

const canEdit = (actor: Actor, row: Row) => isAdmin(actor) || row.authorId === actor.userId;

async function authorNames(db: DbOrTx, workspaceId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, wanted)));
  return new Map(rows.map((row) => [row.id, row.name]));
}

function toSummary(
  row: Row,
  names: Map<string, string>,
  extra: { snippet?: string | null; rank?: number | null } = {},
): ArticleSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    tags: row.tags,
    status: row.status,
    authorId: row.authorId,
    authorName: row.authorId ? (names.get(row.authorId) ?? null) : null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    snippet: extra.snippet ?? null,
    rank: extra.rank ?? null,
  };
}

async function loadLinks(db: DbOrTx, workspaceId: string, articleId: string): Promise<ArticleLink[]> {
  const rows = await db
    .select({
      targetType: articleLinks.targetType,
      targetId: articleLinks.targetId,
      touchpoint: journeyTouchpoints.name,
      stage: stages.name,
      callList: callLists.name,
    })
    .from(articleLinks)
    .leftJoin(
      journeyTouchpoints,
      and(
        eq(articleLinks.targetType, 'touchpoint'),
        eq(journeyTouchpoints.workspaceId, articleLinks.workspaceId),
        eq(journeyTouchpoints.id, articleLinks.targetId),
      ),
    )
    .leftJoin(
      stages,
      and(
        eq(articleLinks.targetType, 'stage'),
        eq(stages.workspaceId, articleLinks.workspaceId),
        eq(stages.id, articleLinks.targetId),
      ),
    )
    .leftJoin(
      callLists,
      and(
        eq(articleLinks.targetType, 'call_list'),
        eq(callLists.workspaceId, articleLinks.workspaceId),
        eq(callLists.id, articleLinks.targetId),
      ),
    )
    .where(and(eq(articleLinks.workspaceId, workspaceId), eq(articleLinks.articleId, articleId)));
  return rows.map((row) => ({
    targetType: row.targetType,
    targetId: row.targetId,
    targetName: row.touchpoint ?? row.stage ?? row.callList ?? null,
  }));
}

async function toArticle(db: DbOrTx, actor: Actor, row: Row): Promise<Article> {
  const names = await authorNames(db, actor.workspaceId, [row.authorId]);
  const { snippet: _snippet, rank: _rank, ...summary } = toSummary(row, names);
  return {
    ...summary,
    body: row.body,
    html: renderMarkdown(row.body),
    links: await loadLinks(db, actor.workspaceId, row.id),
    canEdit: canEdit(actor, row),
  };
}

/** The article if the actor may read it; 404 otherwise (another workspace's, someone's draft). */
export async function findReadableArticle(
  db: DbOrTx,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<Row> {
  const query = db
    .select()
    .from(articles)
    .where(and(eq(articles.workspaceId, actor.workspaceId), eq(articles.id, id), articleWithinReach(actor)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Article');
  return row;
}

async function findEditableArticle(db: DbOrTx, actor: Actor, id: string): Promise<Row> {
  const row = await findReadableArticle(db, actor, id, true);
  if (!canEdit(actor, row)) {
    throw new AppError('forbidden', 'Only the article’s author or an admin can change it.');
  }
  return row;
}

export async function getArticle(db: DbOrTx, actor: Actor, id: string): Promise<Article> {
  return toArticle(db, actor, await findReadableArticle(db, actor, id));
}

const TARGET_TABLES = {
  touchpoint: { table: journeyTouchpoints, what: 'touchpoint' },
  stage: { table: stages, what: 'pipeline stage' },
  call_list: { table: callLists, what: 'call list' },
} as const;

async function replaceLinks(
  tx: DbOrTx,
  workspaceId: string,
  articleId: string,
  links: { targetType: ArticleLink['targetType']; targetId: string }[],
) {
  for (const [index, link] of links.entries()) {
    const { table, what } = TARGET_TABLES[link.targetType];
    const [found] = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.workspaceId, workspaceId), eq(table.id, link.targetId)));
    if (!found) {
      throw new AppError('unprocessable', `No such ${what} in this workspace.`, {
        fields: [{ field: `links.${index}.targetId`, message: `No such ${what}.` }],
      });
    }
  }
  await tx
    .delete(articleLinks)
    .where(and(eq(articleLinks.workspaceId, workspaceId), eq(articleLinks.articleId, articleId)));
  if (links.length > 0) {
    await tx
      .insert(articleLinks)
      .values(links.map((link) => ({ workspaceId, articleId, ...link })))
      .onConflictDoNothing();
  }
}

async function keepVersion(tx: DbOrTx, row: Row, editedBy: string) {
  await tx.insert(articleVersions).values({
    workspaceId: row.workspaceId,
    articleId: row.id,
    version: row.version,
    kind: row.kind,
    title: row.title,
    body: row.body,
    tags: row.tags,
    status: row.status,
    editedBy,
  });
}

const cleanTags = (tags: string[] | undefined) =>
  tags === undefined ? undefined : [...new Set(tags.map((tag) => tag.trim().toLowerCase()))];

export async function createArticle(db: Db, actor: Actor, input: CreateArticleBody): Promise<Article> {
  return db.transaction(async (tx) => {
    const status = input.status ?? 'draft';
    const [row] = await tx
      .insert(articles)
      .values({
        workspaceId: actor.workspaceId,
        kind: input.kind,
        title: input.title,
        body: input.body ?? '',
        tags: cleanTags(input.tags) ?? [],
        status,
        authorId: actor.userId,
        publishedAt: status === 'published' ? sql`now()` : null,
      })
      .returning();
    await keepVersion(tx, row!, actor.userId);
    await replaceLinks(tx, actor.workspaceId, row!.id, input.links ?? []);
    const article = await toArticle(tx, actor, row!);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'article',
      entityId: row!.id,
      after: { ...article, html: undefined },
    });
    return article;
  });
}

export async function updateArticle(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateArticleBody,
): Promise<Article> {
  return db.transaction(async (tx) => {
    const current = await findEditableArticle(tx, actor, id);
    if (current.version !== input.version) throw versionConflict('This article', current.version);
    const before = await toArticle(tx, actor, current);
    const { version: _version, links, tags, ...changes } = input;
    const publishing = changes.status === 'published' && current.status !== 'published';
    const [row] = await tx
      .update(articles)
      .set({
        ...changes,
        ...(tags === undefined ? {} : { tags: cleanTags(tags) }),
        ...(publishing ? { publishedAt: sql`now()` } : {}),
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(articles.workspaceId, actor.workspaceId), eq(articles.id, id)))
      .returning();
    await keepVersion(tx, row!, actor.userId);
    if (links !== undefined) await replaceLinks(tx, actor.workspaceId, id, links);
    const article = await toArticle(tx, actor, row!);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'article',
      entityId: id,
      before: { ...before, html: undefined },
      after: { ...article, html: undefined },
    });
    return article;
  });
}

export async function deleteArticle(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findEditableArticle(tx, actor, id);
    await tx.delete(articles).where(and(eq(articles.workspaceId, actor.workspaceId), eq(articles.id, id)));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'delete',
      entityType: 'article',
      entityId: id,
      before: { ...current, body: current.body.slice(0, 10_000) },
    });
  });
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(updatedAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { updatedAt: date, id };
  } catch {
    throw new AppError('validation_failed', 'The cursor is not valid for this list.', {
      fields: [{ field: 'cursor', message: 'Start again from the first page (omit cursor).' }],
    });
  }
}

/** The filter part of the article list, shared by the list and the global search. */
export function articleFilter(actor: Actor, query: Omit<ListArticlesQuery, 'limit' | 'cursor' | 'q'>) {
  return and(
    eq(articles.workspaceId, actor.workspaceId),
    articleWithinReach(actor),
    query.kind ? eq(articles.kind, query.kind) : undefined,
    query.status ? eq(articles.status, query.status) : undefined,
    query.authorId ? eq(articles.authorId, query.authorId) : undefined,
    query.tags && query.tags.length > 0
      ? arrayContains(
          articles.tags,
          query.tags.map((tag) => tag.toLowerCase()),
        )
      : undefined,
    query.linkedType && query.linkedId
      ? sql`exists (select 1 from article_links l where l.workspace_id = ${articles.workspaceId}
          and l.article_id = ${articles.id} and l.target_type = ${query.linkedType} and l.target_id = ${query.linkedId})`
      : undefined,
  );
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Articles: newest first in keyset pages, or with `q` the best matches by ts_rank (title counts
 * more than body), each with a highlighted snippet from ts_headline.
 */
export async function listArticles(db: DbOrTx, actor: Actor, query: ListArticlesQuery) {
  const text = query.q ? toKnowledgeQuery(query.q) : undefined;
  if (text) {
    const tsquery = knowledgeTsQuery(text);
    const rows = await db
      .select({
        article: articles,
        rank: sql<number>`ts_rank(${articles}.search, ${tsquery})`.mapWith(Number),
        headline: sql<string>`ts_headline('russian', case when ${articles.body} = '' then ${articles.title} else ${articles.body} end, to_tsquery('russian', ${text}), ${HEADLINE_OPTIONS})`,
      })
      .from(articles)
      .where(and(articleFilter(actor, query), sql`${articles}.search @@ ${tsquery}`))
      .orderBy(desc(sql`ts_rank(${articles}.search, ${tsquery})`), desc(articles.updatedAt))
      .limit(query.limit);
    const names = await authorNames(
      db,
      actor.workspaceId,
      rows.map((row) => row.article.authorId),
    );
    return {
      items: rows.map((row) =>
        toSummary(row.article, names, { snippet: snippetHtml(row.headline), rank: row.rank }),
      ),
      nextCursor: null,
    };
  }
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await db
    .select()
    .from(articles)
    .where(
      and(
        articleFilter(actor, query),
        after
          ? or(
              lt(articles.updatedAt, after.updatedAt),
              and(eq(articles.updatedAt, after.updatedAt), lt(articles.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const names = await authorNames(
    db,
    actor.workspaceId,
    page.map((row) => row.authorId),
  );
  return {
    items: page.map((row) => toSummary(row, names)),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.updatedAt.toISOString(), last.id])).toString('base64url')
        : null,
  };
}

export async function listVersions(db: DbOrTx, actor: Actor, id: string) {
  await findReadableArticle(db, actor, id);
  const rows = await db
    .select({ version: articleVersions, editedByName: users.name })
    .from(articleVersions)
    .leftJoin(
      users,
      and(eq(users.workspaceId, articleVersions.workspaceId), eq(users.id, articleVersions.editedBy)),
    )
    .where(and(eq(articleVersions.workspaceId, actor.workspaceId), eq(articleVersions.articleId, id)))
    .orderBy(desc(articleVersions.version));
  return {
    items: rows.map(({ version: row, editedByName }) => ({
      version: row.version,
      kind: row.kind,
      title: row.title,
      tags: row.tags,
      status: row.status,
      editedBy: row.editedBy,
      editedByName,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

export async function getVersion(db: DbOrTx, actor: Actor, id: string, version: number) {
  await findReadableArticle(db, actor, id);
  const [found] = await db
    .select({ version: articleVersions, editedByName: users.name })
    .from(articleVersions)
    .leftJoin(
      users,
      and(eq(users.workspaceId, articleVersions.workspaceId), eq(users.id, articleVersions.editedBy)),
    )
    .where(
      and(
        eq(articleVersions.workspaceId, actor.workspaceId),
        eq(articleVersions.articleId, id),
        eq(articleVersions.version, version),
      ),
    );
  if (!found) throw notFound('Version');
  const row = found.version;
  return {
    version: row.version,
    kind: row.kind,
    title: row.title,
    tags: row.tags,
    status: row.status,
    editedBy: row.editedBy,
    editedByName: found.editedByName,
    createdAt: row.createdAt.toISOString(),
    body: row.body,
    html: renderMarkdown(row.body),
  };
}

export async function tagCounts(db: DbOrTx, actor: Actor) {
  const result = await db.execute<{ tag: string; count: number }>(sql`
    select t.tag, count(*)::int as count
    from ${articles}, unnest(${articles.tags}) as t(tag)
    where ${and(eq(articles.workspaceId, actor.workspaceId), articleWithinReach(actor))}
    group by t.tag order by count(*) desc, t.tag limit 200`);
  return { items: result.rows.map((row) => ({ tag: row.tag, count: Number(row.count) })) };
}
