import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Import,
  ImportPage,
  ImportPreview,
  ListImportsQuery,
  PreviewImportBody,
  StartImportBody,
  UploadedImport,
  UploadImportQuery,
} from '../../contract/imports.ts';
import { AppError } from '../http/errors.ts';
import { newestFirst } from '../http/keyset.ts';
import { errorReport } from './error-report.ts';
import { findVisibleImport, importWithinScope, toImport } from './import-dto.ts';
import { ImportRunner } from './import-runner.ts';
import { previewImport } from './preview-import.ts';
import { imports } from './schema.ts';
import { resumeImport, startImport } from './start-import.ts';
import { uploadImport } from './upload-import.ts';

const tags = ['imports'];
const params = z.object({ id: Id });

/** The file arrives as the raw request body in any of these types, handed over as a stream. */
export const UPLOAD_CONTENT_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database, config } = app;
  const runner = new ImportRunner(
    database,
    {
      uploadDir: config.UPLOAD_DIR,
      batchRows: config.IMPORT_BATCH_ROWS ?? (database.kind === 'pglite' ? 2_000 : 10_000),
    },
    app.log,
  );
  app.addHook('onReady', async () => {
    const marked = await runner.markDeadImports();
    if (marked > 0)
      app.log.warn({ imports: marked }, 'imports left running by a stopped process are now interrupted');
  });
  app.addHook('onClose', async () => {
    await runner.stopAll();
  });

  for (const type of UPLOAD_CONTENT_TYPES) {
    app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
  const maxBytes = config.IMPORT_MAX_MB * 1024 * 1024;

  app.post(
    '/imports',
    {
      config: { access: 'crm:import' },
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary:
          'Upload a CSV or XLSX file as the request body; answers the import with its headers and a suggested mapping. ' +
          'A repeated upload with the same Idempotency-Key answers the first import (200) and creates nothing.',
        querystring: UploadImportQuery,
        headers: z.looseObject({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }),
        consumes: UPLOAD_CONTENT_TYPES,
        response: { 200: UploadedImport, 201: UploadedImport },
      },
    },
    async (request, reply) => {
      if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
        throw new AppError(
          'bad_request',
          'Send the file itself as the request body, with Content-Type text/csv or the XLSX type.',
        );
      }
      const { created, upload } = await uploadImport(
        db,
        { uploadDir: config.UPLOAD_DIR, maxBytes },
        request.actor,
        {
          query: request.query,
          body: request.body as Readable,
          idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        },
      );
      return reply.status(created ? 201 : 200).send(upload);
    },
  );

  app.get(
    '/imports',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'Imports, newest first (yours and your team’s; all for admins and heads)',
        querystring: ListImportsQuery,
        response: { 200: ImportPage },
      },
    },
    async (request) => {
      const { actor } = request;
      const rows = await db
        .select()
        .from(imports)
        .where(
          and(
            eq(imports.workspaceId, actor.workspaceId),
            importWithinScope(actor),
            newestFirst.after(request.query.cursor, imports.createdAt, imports.id),
          ),
        )
        .orderBy(...newestFirst.orderBy(imports.createdAt, imports.id))
        .limit(request.query.limit + 1);
      const now = new Date();
      return newestFirst.page(rows, request.query.limit, (row) => toImport(row, now));
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'An import: status, rows committed, counters',
        params,
        response: { 200: Import },
      },
    },
    async (request) => toImport(await findVisibleImport(db, request.actor, request.params.id)),
  );

  app.post(
    '/imports/:id/preview',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary:
          'Dry run: the first 20 rows as they would be saved, with their errors, de-duplication matches and actions. Changes nothing.',
        params,
        body: PreviewImportBody,
        response: { 200: ImportPreview },
      },
    },
    async (request) =>
      previewImport(database, config.UPLOAD_DIR, request.actor, request.params.id, request.body),
  );

  app.post(
    '/imports/:id/start',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'Run the import in the background with this mapping (remembered for the source key); 202',
        params,
        body: StartImportBody,
        response: { 202: Import },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startImport(db, runner, request.actor, request.params.id, request.body)),
  );

  app.post(
    '/imports/:id/resume',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'Continue an interrupted or failed import from its committed rows; 202',
        params,
        response: { 202: Import },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await resumeImport(db, runner, request.actor, request.params.id, {
          singleProcess: database.kind === 'pglite',
        }),
      ),
  );

  app.get(
    '/imports/:id/errors.csv',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'The row-by-row error report: row number, column, message and the row as it was in the file',
        params,
      },
    },
    async (request, reply) => {
      const row = await findVisibleImport(db, request.actor, request.params.id);
      const name = `${row.fileName.replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N} _-]+/gu, '') || 'import'}-errors.csv`;
      reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .type('text/csv; charset=utf-8');
      return reply.send(errorReport(db, row));
    },
  );
};
