import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CareerStep,
  CreateUserBody,
  ListUsersQuery,
  SetPasswordBody,
  UpdateUserBody,
  User,
  UserDetails,
  UserPage,
} from '../../contract/people.ts';
import {
  addUser,
  changeUser,
  listUsers,
  loadCareer,
  loadUserDetails,
  setUserActive,
  setUserPassword,
} from './users.ts';

const tags = ['people'];
const params = z.object({ id: Id });

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/users',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'People of the workspace',
        querystring: ListUsersQuery,
        response: { 200: UserPage },
      },
    },
    async (request) => listUsers(db, request.actor, request.query),
  );

  app.get(
    '/users/:id',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'A person with their teams and managers',
        params,
        response: { 200: UserDetails },
      },
    },
    async (request) => loadUserDetails(db, request.actor.workspaceId, request.params.id),
  );

  app.post(
    '/users',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'Add a person', body: CreateUserBody, response: { 201: User } },
    },
    async (request, reply) => reply.status(201).send(await addUser(db, request.actor, request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary:
          'Change roles, tier, grade, cap, skills; a tier or grade change is added to the career history',
        params,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (request) => changeUser(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/users/:id/deactivate',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Deactivate: signs the person out and stops their tokens',
        params,
        response: { 200: User },
      },
    },
    async (request) => setUserActive(db, request.actor, request.params.id, false),
  );

  app.post(
    '/users/:id/activate',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'Activate again', params, response: { 200: User } },
    },
    async (request) => setUserActive(db, request.actor, request.params.id, true),
  );

  app.post(
    '/users/:id/password',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Set a new password (signs the person out)',
        params,
        body: SetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await setUserPassword(db, request.actor, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:id/career',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'Tier and grade history (career path), newest first',
        params,
        response: { 200: z.object({ items: z.array(CareerStep) }) },
      },
    },
    async (request) => ({ items: await loadCareer(db, request.actor.workspaceId, request.params.id) }),
  );
};
