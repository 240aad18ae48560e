import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Activity,
  ActivityPage,
  CreateActivityBody,
  ListActivitiesQuery,
  UpdateActivityBody,
} from '../../contract/activities.ts';
import { Id } from '../../contract/common.ts';
import {
  deleteActivity,
  findVisibleActivity,
  listActivities,
  logActivity,
  toActivity,
  updateActivity,
} from './activities.ts';

const tags = ['activities'];
const params = z.object({ id: Id });

export const activitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/activities',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'The timeline: activities of a company, contact or deal (companyId, contactId, dealId), newest first',
        querystring: ListActivitiesQuery,
        response: { 200: ActivityPage },
      },
    },
    async (request) => listActivities(db, request.actor, request.query),
  );

  app.post(
    '/activities',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Log a call, e-mail, meeting or note',
        body: CreateActivityBody,
        response: { 201: Activity },
      },
    },
    async (request, reply) => reply.status(201).send(await logActivity(db, request.actor, request.body)),
  );

  app.get(
    '/activities/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Get an activity', params, response: { 200: Activity } },
    },
    async (request) => toActivity(await findVisibleActivity(db, request.actor, request.params.id)),
  );

  app.patch(
    '/activities/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change an activity (its author)',
        params,
        body: UpdateActivityBody,
        response: { 200: Activity },
      },
    },
    async (request) => updateActivity(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/activities/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Delete an activity (its author, or a head/admin)',
        params,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteActivity(db, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
