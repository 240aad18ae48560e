import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreateServiceBody,
  ListServicesQuery,
  Service,
  ServicePage,
  UpdateServiceBody,
} from '../../contract/money.ts';
import {
  createService,
  findService,
  listServices,
  setServiceArchived,
  toService,
  updateService,
} from './services.ts';

const tags = ['money'];
const params = z.object({ id: Id });

/** The services catalogue: what the workspace sells, with one-off or monthly prices. */
export const servicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/services',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'List the services catalogue (sort name, createdAt; q; billing; archived)',
        querystring: ListServicesQuery,
        response: { 200: ServicePage },
      },
    },
    async (request) => listServices(db, request.actor, request.query),
  );

  app.post(
    '/services',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Add a service to the catalogue',
        body: CreateServiceBody,
        response: { 201: Service },
      },
    },
    async (request, reply) => reply.status(201).send(await createService(db, request.actor, request.body)),
  );

  app.get(
    '/services/:id',
    {
      config: { access: 'money:read' },
      schema: { tags, summary: 'Get a service', params, response: { 200: Service } },
    },
    async (request) => toService(await findService(db, request.actor, request.params.id)),
  );

  app.patch(
    '/services/:id',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Change a service; send the version you read, a stale one gets 409',
        params,
        body: UpdateServiceBody,
        response: { 200: Service },
      },
    },
    async (request) => updateService(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/services/:id',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Archive a service (documents keep their lines)',
        params,
        response: { 200: Service },
      },
    },
    async (request) => setServiceArchived(db, request.actor, request.params.id, true),
  );

  app.post(
    '/services/:id/restore',
    {
      config: { access: 'money:write' },
      schema: { tags, summary: 'Restore an archived service', params, response: { 200: Service } },
    },
    async (request) => setServiceArchived(db, request.actor, request.params.id, false),
  );
};
