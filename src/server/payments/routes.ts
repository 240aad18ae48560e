import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  AllocatePaymentBody,
  CreatePaymentBody,
  ListPaymentsQuery,
  Payment,
  PaymentPage,
  StatementBody,
  StatementImportResult,
  StatementPreview,
} from '../../contract/money.ts';
import { AppError } from '../http/errors.ts';
import { loadPayment } from './find-payment.ts';
import { allocatePayment, createPayment, listPayments, removeAllocation } from './save-payment.ts';
import { importStatement, previewStatement } from './statement-import.ts';

const tags = ['money'];
const params = z.object({ id: Id });
const STATEMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Payments: by hand or from a bank statement CSV, allocated to invoices. */
export const paymentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  // A statement may be sent as the CSV itself; it reaches the handler as { csv }.
  for (const type of ['text/csv', 'text/plain']) {
    app.addContentTypeParser(
      type,
      { parseAs: 'string', bodyLimit: STATEMENT_MAX_BYTES },
      (_request, body, done) => done(null, { csv: body }),
    );
  }

  app.get(
    '/payments',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'List payments (companyId, source, unallocated, q; sort receivedOn, createdAt, amountMinor)',
        querystring: ListPaymentsQuery,
        response: { 200: PaymentPage },
      },
    },
    async (request) => listPayments(db, request.actor, request.query),
  );

  app.post(
    '/payments',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary:
          'Record a payment by hand, optionally allocating it to invoices at once; with an Idempotency-Key header the same request again answers the first payment (200) and adds nothing',
        body: CreatePaymentBody,
        headers: z.looseObject({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }),
        response: { 200: Payment, 201: Payment },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const { created, payment } = await createPayment(
        db,
        request.actor,
        request.body,
        typeof key === 'string' && key.trim() ? key.trim() : undefined,
      );
      return reply.status(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/payments/:id',
    {
      config: { access: 'money:read' },
      schema: { tags, summary: 'Get a payment with its allocations', params, response: { 200: Payment } },
    },
    async (request) => loadPayment(db, request.actor, request.params.id),
  );

  app.post(
    '/payments/:id/allocate',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary:
          'Allocate a payment to one or more invoices; each amount at most what is open, together at most what is left',
        params,
        body: AllocatePaymentBody,
        response: { 200: Payment },
      },
    },
    async (request) => allocatePayment(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/payments/:id/allocations/:allocationId',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary:
          'Take back one allocation (money put on the wrong invoice): the invoice reopens, its revenue fact goes',
        params: z.object({ id: Id, allocationId: Id }),
        response: { 200: Payment },
      },
    },
    async (request) => removeAllocation(db, request.actor, request.params.id, request.params.allocationId),
  );

  app.post(
    '/payments/statement/preview',
    {
      config: { access: 'money:write' },
      bodyLimit: STATEMENT_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Preview a bank statement CSV (JSON { csv } or text/csv body): what importing it would do; writes nothing',
        body: StatementBody,
        consumes: ['application/json', 'text/csv'],
        response: { 200: StatementPreview },
      },
    },
    async (request) => previewStatement(db, request.actor, request.body.csv),
  );

  app.post(
    '/payments/statement',
    {
      config: { access: 'money:write' },
      bodyLimit: STATEMENT_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Import a bank statement CSV; needs an Idempotency-Key header: the same key again answers the first result (200) and adds nothing',
        body: StatementBody,
        headers: z.looseObject({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }),
        consumes: ['application/json', 'text/csv'],
        response: { 200: StatementImportResult, 201: StatementImportResult },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || !key.trim()) {
        throw new AppError(
          'validation_failed',
          'Send an Idempotency-Key header so a repeated upload adds nothing.',
          {
            fields: [{ field: 'Idempotency-Key', message: 'is required' }],
          },
        );
      }
      const { created, result } = await importStatement(db, request.actor, request.body.csv, key.trim());
      return reply.status(created ? 201 : 200).send(result);
    },
  );
};
