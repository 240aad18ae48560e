import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, Version } from '../../contract/common.ts';
import {
  CreateTaskBody,
  ListTasksQuery,
  MyTasks,
  Task,
  TaskPage,
  UpdateTaskBody,
} from '../../contract/tasks.ts';
import { toTask } from './task-dto.ts';
import { createTask, deleteTask, findVisibleTask, listTasks, loadMyTasks, updateTask } from './tasks.ts';

const tags = ['tasks'];
const params = z.object({ id: Id });

export const tasksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/tasks/mine',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'My open tasks: overdue, today (in the workspace time zone) and upcoming',
        response: { 200: MyTasks },
      },
    },
    async (request) => loadMyTasks(db, request.actor, new Date()),
  );

  app.get(
    '/tasks',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'List tasks', querystring: ListTasksQuery, response: { 200: TaskPage } },
    },
    async (request) => listTasks(db, request.actor, request.query, new Date()),
  );

  app.post(
    '/tasks',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Create a task (assigned to yourself unless given)',
        body: CreateTaskBody,
        response: { 201: Task },
      },
    },
    async (request, reply) => reply.status(201).send(await createTask(db, request.actor, request.body)),
  );

  app.get(
    '/tasks/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Get a task', params, response: { 200: Task } },
    },
    async (request) => toTask(await findVisibleTask(db, request.actor, request.params.id)),
  );

  app.patch(
    '/tasks/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change, reschedule, complete or reopen a task',
        params,
        body: UpdateTaskBody,
        response: { 200: Task },
      },
    },
    async (request) => updateTask(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/tasks/:id/complete',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Complete a task in one click',
        params,
        body: z.object({ version: Version }),
        response: { 200: Task },
      },
    },
    async (request) =>
      updateTask(db, request.actor, request.params.id, { version: request.body.version, status: 'done' }),
  );

  app.delete(
    '/tasks/:id',
    {
      config: { access: 'crm:write' },
      schema: { tags, summary: 'Delete a task', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteTask(db, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
