import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Act,
  ActPage,
  CreateActBody,
  DocumentPdfQuery,
  ListActsQuery,
  MarkActSignedBody,
} from '../../contract/money.ts';
import { printAct } from './act-pdf.ts';
import { createAct, listActs, loadAct, markActSigned } from './acts.ts';

const tags = ['money'];
const params = z.object({ id: Id });

/** Acts of completed work per period or project, with a signed / not signed status and a PDF. */
export const actsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/acts',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'List acts (companyId, signed, q; sort actDate, createdAt, totalMinor)',
        querystring: ListActsQuery,
        response: { 200: ActPage },
      },
    },
    async (request) => listActs(db, request.actor, request.query),
  );

  app.post(
    '/acts',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Create an act (numbered at once); lines given or copied from invoiceId',
        body: CreateActBody,
        response: { 201: Act },
      },
    },
    async (request, reply) => reply.status(201).send(await createAct(db, request.actor, request.body)),
  );

  app.get(
    '/acts/:id',
    {
      config: { access: 'money:read' },
      schema: { tags, summary: 'Get an act with its lines', params, response: { 200: Act } },
    },
    async (request) => loadAct(db, request.actor, request.params.id),
  );

  app.post(
    '/acts/:id/signed',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Mark an act signed by the client (signed: true, signedOn) or not signed',
        params,
        body: MarkActSignedBody,
        response: { 200: Act },
      },
    },
    async (request) => markActSigned(db, request.actor, request.params.id, request.body),
  );

  app.get(
    '/acts/:id/pdf',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'The act as PDF: lang=ru (акт выполненных работ) or en',
        params,
        querystring: DocumentPdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await printAct(db, request.actor, request.params.id, request.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .send(pdf);
    },
  );
};
