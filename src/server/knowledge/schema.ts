import { customType, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ArticleKind = 'instruction' | 'article' | 'blog';
export type ArticleStatus = 'draft' | 'published';
export type ArticleLinkTarget = 'touchpoint' | 'stage' | 'call_list';
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** The generated `search` tsvector column exists in SQL only; queries reach it through sql``. */
export const articles = pgTable(
  'articles',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<ArticleKind>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    tags: text('tags').array().notNull().default([]),
    status: text('status').$type<ArticleStatus>().notNull().default('draft'),
    authorId: uuid('author_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const articleVersions = pgTable(
  'article_versions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    articleId: uuid('article_id').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').$type<ArticleKind>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default([]),
    status: text('status').$type<ArticleStatus>().notNull(),
    editedBy: uuid('edited_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.articleId, t.version] })],
);

export const articleLinks = pgTable(
  'article_links',
  {
    workspaceId: uuid('workspace_id').notNull(),
    articleId: uuid('article_id').notNull(),
    targetType: text('target_type').$type<ArticleLinkTarget>().notNull(),
    targetId: uuid('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.articleId, t.targetType, t.targetId] })],
);

export const knowledgeImages = pgTable(
  'knowledge_images',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    contentType: text('content_type').$type<ImageType>().notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
