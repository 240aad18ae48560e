import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Company,
  CompanyPage,
  CreateCompanyBody,
  ListCompaniesQuery,
  UpdateCompanyBody,
} from '../../contract/companies.ts';
import { registerHistoryRoute } from '../audit/history-route.ts';
import { toCompany } from './company-dto.ts';
import { findVisibleCompany } from './find-company.ts';
import { listCompanies } from './list-companies.ts';
import { createCompany, setCompanyArchived, updateCompany } from './save-company.ts';

const tags = ['companies'];
const params = z.object({ id: Id });

export const companiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/companies',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'List companies: filters, full-text q, sort (name, createdAt, updatedAt; - for descending), keyset pages',
        querystring: ListCompaniesQuery,
        response: { 200: CompanyPage },
      },
    },
    async (request) => listCompanies(db, request.actor, request.query),
  );

  app.post(
    '/companies',
    {
      config: { access: 'crm:write' },
      schema: { tags, summary: 'Create a company', body: CreateCompanyBody, response: { 201: Company } },
    },
    async (request, reply) => reply.status(201).send(await createCompany(db, request.actor, request.body)),
  );

  app.get(
    '/companies/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Get a company', params, response: { 200: Company } },
    },
    async (request) => toCompany(await findVisibleCompany(db, request.actor, request.params.id)),
  );

  app.patch(
    '/companies/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a company; send the version you read, a stale one gets 409',
        params,
        body: UpdateCompanyBody,
        response: { 200: Company },
      },
    },
    async (request) => updateCompany(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/companies/:id',
    {
      config: { access: 'crm:delete' },
      schema: {
        tags,
        summary: 'Archive a company (kept with its history)',
        params,
        response: { 200: Company },
      },
    },
    async (request) => setCompanyArchived(db, request.actor, request.params.id, true),
  );

  app.post(
    '/companies/:id/restore',
    {
      config: { access: 'crm:delete' },
      schema: { tags, summary: 'Restore an archived company', params, response: { 200: Company } },
    },
    async (request) => setCompanyArchived(db, request.actor, request.params.id, false),
  );

  registerHistoryRoute(app, {
    path: '/companies/:id/history',
    entityType: 'company',
    tags,
    findVisible: findVisibleCompany,
  });
};
