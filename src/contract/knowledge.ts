import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, QueryList, Version } from './common.ts';

export const ARTICLE_KINDS = ['instruction', 'article', 'blog'] as const;
export const ArticleKind = z.enum(ARTICLE_KINDS);
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export const ArticleStatus = z.enum(ARTICLE_STATUSES);
export const LINK_TARGETS = ['touchpoint', 'stage', 'call_list'] as const;
export const LinkTarget = z.enum(LINK_TARGETS);

export const ArticleLink = z.object({
  targetType: LinkTarget,
  targetId: Id,
  /** The touchpoint's, stage's or call list's name (null if it no longer exists). */
  targetName: z.string().nullable().optional(),
});
export type ArticleLink = z.infer<typeof ArticleLink>;

export const ArticleSummary = z.object({
  id: Id,
  kind: ArticleKind,
  title: z.string(),
  tags: z.array(z.string()),
  status: ArticleStatus,
  authorId: Id.nullable(),
  authorName: z.string().nullable(),
  publishedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
  /** With `q`: a fragment of the text with the matches in <mark> (the rest HTML-escaped). */
  snippet: z.string().nullable(),
  rank: z.number().nullable(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const Article = ArticleSummary.omit({ snippet: true, rank: true }).extend({
  body: z.string(),
  /** The body rendered from Markdown and sanitised: no scripts, no event handlers, no javascript: links. */
  html: z.string(),
  links: z.array(ArticleLink),
  /** May the asker change it: its author or an admin. */
  canEdit: z.boolean(),
});
export type Article = z.infer<typeof Article>;

const title = z.string().trim().min(1, 'is required').max(300);
const body = z.string().max(500_000);
const tags = z.array(z.string().trim().min(1).max(50)).max(30);

export const CreateArticleBody = z.object({
  kind: ArticleKind,
  title,
  body: body.optional(),
  tags: tags.optional(),
  status: ArticleStatus.optional(),
  links: z
    .array(ArticleLink.pick({ targetType: true, targetId: true }))
    .max(100)
    .optional(),
});
export type CreateArticleBody = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = CreateArticleBody.partial().extend({ version: Version });
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>;

export const ListArticlesQuery = z.object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  q: PageQuery.q,
  kind: ArticleKind.optional(),
  status: ArticleStatus.optional(),
  tags: QueryList.optional(),
  authorId: Id.optional(),
  linkedType: LinkTarget.optional(),
  linkedId: Id.optional(),
});
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>;
export const ArticlePage = z.object({ items: z.array(ArticleSummary), nextCursor: z.string().nullable() });

export const ArticleVersion = z.object({
  version: z.number().int(),
  kind: ArticleKind,
  title: z.string(),
  tags: z.array(z.string()),
  status: ArticleStatus,
  editedBy: Id.nullable(),
  editedByName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export const ArticleVersionList = z.object({ items: z.array(ArticleVersion) });
export const ArticleVersionFull = ArticleVersion.extend({ body: z.string(), html: z.string() });

export const PreviewBody = z.object({ body });
export const Preview = z.object({ html: z.string() });

export const UploadedImage = z.object({
  id: Id,
  url: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
});
export const TagCounts = z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) });

/** The header's search box: everything the asker may see, grouped. */
export const GlobalSearchQuery = z.object({ q: z.string().trim().min(1).max(200) });
export const GlobalSearchResult = z.object({
  companies: z.array(z.object({ id: Id, name: z.string(), status: z.string() })),
  contacts: z.array(z.object({ id: Id, name: z.string(), companyId: Id.nullable() })),
  deals: z.array(z.object({ id: Id, title: z.string(), companyId: Id, companyName: z.string() })),
  articles: z.array(
    z.object({ id: Id, title: z.string(), kind: ArticleKind, snippet: z.string().nullable() }),
  ),
});
export type GlobalSearchResult = z.infer<typeof GlobalSearchResult>;
