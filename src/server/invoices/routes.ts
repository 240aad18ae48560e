import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CancelInvoiceBody,
  CreateInvoiceBody,
  DocumentPdfQuery,
  Invoice,
  InvoicePage,
  InvoiceTotals,
  InvoiceTotalsQuery,
  IssueInvoiceBody,
  ListInvoicesQuery,
  UpdateInvoiceBody,
} from '../../contract/money.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { findVisibleInvoice, loadInvoiceLines } from './find-invoice.ts';
import { toInvoice } from './invoice-dto.ts';
import { invoiceTotals, listInvoices } from './list-invoices.ts';
import { printInvoice } from './print-invoice.ts';
import { cancelInvoice, createDraftInvoice, issueInvoice, updateDraftInvoice } from './save-invoice.ts';

const tags = ['money'];
const params = z.object({ id: Id });

/** Invoices: drafts with lines, issue (numbered, sent), cancel, PDF in Russian or English. */
export const invoicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/invoices',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'List invoices: status (incl. overdue), companyId, contractId, overdue, q; sort createdAt, issueDate, dueDate, totalMinor; keyset pages',
        querystring: ListInvoicesQuery,
        response: { 200: InvoicePage },
      },
    },
    async (request) => listInvoices(db, request.actor, request.query),
  );

  app.get(
    '/invoices/totals',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'Totals of the invoices the list filters match: invoiced, paid, open and overdue per currency, counts per status',
        querystring: InvoiceTotalsQuery,
        response: { 200: InvoiceTotals },
      },
    },
    async (request) => invoiceTotals(db, request.actor, request.query),
  );

  app.post(
    '/invoices',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Create a draft invoice with lines from the catalogue or free text',
        body: CreateInvoiceBody,
        response: { 201: Invoice },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDraftInvoice(db, request.actor, request.body)),
  );

  app.get(
    '/invoices/:id',
    {
      config: { access: 'money:read' },
      schema: { tags, summary: 'Get an invoice with its lines', params, response: { 200: Invoice } },
    },
    async (request) => {
      const { actor } = request;
      const row = await findVisibleInvoice(db, actor, request.params.id);
      return toInvoice(
        row,
        await loadInvoiceLines(db, actor.workspaceId, row.id),
        await workspaceToday(db, actor.workspaceId),
      );
    },
  );

  app.patch(
    '/invoices/:id',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary:
          'Change a draft invoice (lines replace all lines); a sent one is refused, a stale version gets 409',
        params,
        body: UpdateInvoiceBody,
        response: { 200: Invoice },
      },
    },
    async (request) => updateDraftInvoice(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/invoices/:id/issue',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Issue a draft: assigns the next number of the year (gap-free) and marks it sent',
        params,
        body: IssueInvoiceBody,
        response: { 200: Invoice },
      },
    },
    async (request) => issueInvoice(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/invoices/:id/cancel',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Cancel an invoice with no money allocated (its number stays used)',
        params,
        body: CancelInvoiceBody,
        response: { 200: Invoice },
      },
    },
    async (request) => cancelInvoice(db, request.actor, request.params.id, request.body),
  );

  app.get(
    '/invoices/:id/pdf',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'The invoice as PDF: lang=ru (счёт на оплату with bank details) or en',
        params,
        querystring: DocumentPdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await printInvoice(db, request.actor, request.params.id, request.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .send(pdf);
    },
  );
};
