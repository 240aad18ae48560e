import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Article,
  ArticlePage,
  ArticleVersionFull,
  ArticleVersionList,
  CreateArticleBody,
  ListArticlesQuery,
  Preview,
  PreviewBody,
  TagCounts,
  UpdateArticleBody,
  UploadedImage,
} from '../../contract/knowledge.ts';
import { AppError } from '../http/errors.ts';
import {
  createArticle,
  deleteArticle,
  getArticle,
  getVersion,
  listArticles,
  listVersions,
  tagCounts,
  updateArticle,
} from './articles.ts';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, loadImage, storeImage } from './images.ts';
import { renderMarkdown } from './render-markdown.ts';

const tags = ['knowledge'];
const params = z.object({ id: Id });

export const knowledgeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.addContentTypeParser(
    IMAGE_TYPES,
    { parseAs: 'buffer', bodyLimit: IMAGE_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/knowledge/articles',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary:
          'Instructions, articles and blog posts: newest first in keyset pages, or with q the best matches (Russian and English word forms) with highlighted snippets',
        querystring: ListArticlesQuery,
        response: { 200: ArticlePage },
      },
    },
    async (request) => listArticles(db, request.actor, request.query),
  );

  app.post(
    '/knowledge/articles',
    {
      config: { access: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Write an article (a draft unless status is published)',
        body: CreateArticleBody,
        response: { 201: Article },
      },
    },
    async (request, reply) => reply.status(201).send(await createArticle(db, request.actor, request.body)),
  );

  app.get(
    '/knowledge/articles/:id',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary: 'An article with its sanitised HTML and links',
        params,
        response: { 200: Article },
      },
    },
    async (request) => getArticle(db, request.actor, request.params.id),
  );

  app.patch(
    '/knowledge/articles/:id',
    {
      config: { access: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Change an article (its author or an admin); every save keeps a version',
        params,
        body: UpdateArticleBody,
        response: { 200: Article },
      },
    },
    async (request) => updateArticle(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/knowledge/articles/:id',
    {
      config: { access: 'knowledge:write' },
      schema: { tags, summary: 'Delete an article (its author or an admin)', params },
    },
    async (request, reply) => {
      await deleteArticle(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/knowledge/articles/:id/versions',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary: 'Every saved version: who, when',
        params,
        response: { 200: ArticleVersionList },
      },
    },
    async (request) => listVersions(db, request.actor, request.params.id),
  );

  app.get(
    '/knowledge/articles/:id/versions/:version',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary: 'One old version with its text',
        params: z.object({ id: Id, version: z.coerce.number().int().min(1) }),
        response: { 200: ArticleVersionFull },
      },
    },
    async (request) => getVersion(db, request.actor, request.params.id, request.params.version),
  );

  app.get(
    '/knowledge/tags',
    {
      config: { access: 'knowledge:read' },
      schema: { tags, summary: 'Tags in use, most used first', response: { 200: TagCounts } },
    },
    async (request) => tagCounts(db, request.actor),
  );

  app.post(
    '/knowledge/preview',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary: 'Render Markdown as the article view will (sanitised)',
        body: PreviewBody,
        response: { 200: Preview },
      },
    },
    async (request) => ({ html: renderMarkdown(request.body.body) }),
  );

  app.post(
    '/knowledge/images',
    {
      config: { access: 'knowledge:write' },
      bodyLimit: IMAGE_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Upload a PNG, JPEG, GIF or WebP image (up to 5 MB) as the request body; answers its URL for Markdown',
        consumes: IMAGE_TYPES,
        response: { 201: UploadedImage },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          'bad_request',
          'Send the image itself as the request body, with its image/* Content-Type.',
        );
      }
      return reply.status(201).send(await storeImage(db, request.actor, request.body));
    },
  );

  app.get(
    '/knowledge/images/:id',
    {
      config: { access: 'knowledge:read' },
      schema: { tags, summary: 'An uploaded image', params },
    },
    async (request, reply) => {
      const image = await loadImage(db, request.actor, request.params.id);
      return reply
        .type(image.contentType)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(image.bytes);
    },
  );
};
