import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GlobalSearchQuery, GlobalSearchResult } from '../../contract/knowledge.ts';
import { globalSearch } from './global-search.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'self' },
      schema: {
        tags: ['search'],
        summary:
          'Search everything you may see: companies, contacts, deals and knowledge-base articles, up to 5 of each',
        querystring: GlobalSearchQuery,
        response: { 200: GlobalSearchResult },
      },
    },
    async (request) => globalSearch(app.db, request.actor, request.query.q),
  );
};
