import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  AppliedTemplate,
  ApplyTemplateBody,
  ClientJourney,
  ClientJourneyList,
  CreateStageBody,
  CreateTouchpointBody,
  EnteredTouchpoint,
  EnterTouchpointBody,
  JobDescription,
  JobDescriptionList,
  JobDescriptionQuery,
  JobRole,
  JourneyMap,
  ListClientJourneysQuery,
  Matrix,
  ReorderBody,
  SaveJobDescriptionBody,
  Touchpoint,
  UpdateStageBody,
  UpdateTouchpointBody,
} from '../../contract/journey.ts';
import {
  completeTouchpoint,
  enterTouchpoint,
  listClientJourneys,
  loadClientJourney,
} from './client-journey.ts';
import {
  listJobDescriptions,
  loadMatrix,
  resetJobDescription,
  saveJobDescription,
} from './job-descriptions.ts';
import {
  applyJourneyTemplate,
  createStage,
  createTouchpoint,
  deleteStage,
  deleteTouchpoint,
  loadJourneyMap,
  reorderStages,
  reorderTouchpoints,
  updateStage,
  updateTouchpoint,
} from './journey-map.ts';

const tags = ['journey'];
const params = z.object({ id: Id });
const roleParams = z.object({ role: JobRole });

export const journeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/journey',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'The journey map: stages in order, each with its touchpoints',
        response: { 200: JourneyMap },
      },
    },
    async (request) => loadJourneyMap(db, request.actor.workspaceId),
  );

  app.post(
    '/journey/template',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary:
          'Apply the demo digital-agency map (7 stages, 40 touchpoints) in Russian or English; 409 when a map exists unless replace is true',
        body: ApplyTemplateBody,
        response: { 201: AppliedTemplate },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => applyJourneyTemplate(tx, request.actor, request.body))),
  );

  app.post(
    '/journey/stages',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Add a stage (at `position`, else at the end)',
        body: CreateStageBody,
        response: { 201: JourneyMap },
      },
    },
    async (request, reply) => reply.status(201).send(await createStage(db, request.actor, request.body)),
  );

  app.post(
    '/journey/stages/order',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Reorder the stages: every stage id once, in the new order',
        body: ReorderBody,
        response: { 200: JourneyMap },
      },
    },
    async (request) => reorderStages(db, request.actor, request.body.ids),
  );

  app.patch(
    '/journey/stages/:id',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Rename or describe a stage',
        params,
        body: UpdateStageBody,
        response: { 200: JourneyMap },
      },
    },
    async (request) => updateStage(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/journey/stages/:id',
    {
      config: { access: 'journey:manage' },
      schema: { tags, summary: 'Delete a stage with its touchpoints', params, response: { 200: JourneyMap } },
    },
    async (request) => deleteStage(db, request.actor, request.params.id),
  );

  app.post(
    '/journey/stages/:id/touchpoints/order',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Reorder the touchpoints of a stage: each of its ids once, in the new order',
        params,
        body: ReorderBody,
        response: { 200: JourneyMap },
      },
    },
    async (request) => reorderTouchpoints(db, request.actor, request.params.id, request.body.ids),
  );

  app.post(
    '/journey/touchpoints',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Add a touchpoint to a stage',
        body: CreateTouchpointBody,
        response: { 201: Touchpoint },
      },
    },
    async (request, reply) => reply.status(201).send(await createTouchpoint(db, request.actor, request.body)),
  );

  app.patch(
    '/journey/touchpoints/:id',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Change a touchpoint: name, description, expected days, its three roles, its stage',
        params,
        body: UpdateTouchpointBody,
        response: { 200: Touchpoint },
      },
    },
    async (request) => updateTouchpoint(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/journey/touchpoints/:id',
    {
      config: { access: 'journey:manage' },
      schema: { tags, summary: 'Delete a touchpoint', params },
    },
    async (request, reply) => {
      await deleteTouchpoint(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/journey/matrix',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'Touchpoints × roles: which role is responsible, communicator or support on each touchpoint',
        response: { 200: Matrix },
      },
    },
    async (request) => loadMatrix(db, request.actor.workspaceId),
  );

  app.get(
    '/journey/clients',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'Clients you see with their current touchpoint, its responsible person and the overdue / nobody-responsible flags',
        querystring: ListClientJourneysQuery,
        response: { 200: ClientJourneyList },
      },
    },
    async (request) => listClientJourneys(db, request.actor, request.query),
  );

  app.get(
    '/companies/:id/journey',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'A client’s journey: every touchpoint’s state and its three people, the current and next one',
        params,
        response: { 200: ClientJourney },
      },
    },
    async (request) => loadClientJourney(db, request.actor, request.params.id),
  );

  app.post(
    '/companies/:id/journey/enter',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Move a client to a touchpoint: its people get tasks due after the expected duration',
        params,
        body: EnterTouchpointBody,
        response: { 200: EnteredTouchpoint },
      },
    },
    async (request) => enterTouchpoint(db, request.actor, request.params.id, request.body.touchpointId),
  );

  app.post(
    '/companies/:id/journey/done',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Mark a touchpoint the client has entered as done',
        params,
        body: EnterTouchpointBody,
        response: { 200: ClientJourney },
      },
    },
    async (request) => completeTouchpoint(db, request.actor, request.params.id, request.body.touchpointId),
  );

  app.get(
    '/journey/job-descriptions',
    {
      config: { access: 'knowledge:read' },
      schema: {
        tags,
        summary: 'Job descriptions per role, generated from the map unless edited (Markdown)',
        querystring: JobDescriptionQuery,
        response: { 200: JobDescriptionList },
      },
    },
    async (request) => ({
      items: await listJobDescriptions(db, request.actor.workspaceId, request.query.locale),
    }),
  );

  app.put(
    '/journey/job-descriptions/:role',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Save an edited job description for a role',
        params: roleParams,
        body: SaveJobDescriptionBody,
        response: { 200: JobDescription },
      },
    },
    async (request) => saveJobDescription(db, request.actor, request.params.role, request.body.body),
  );

  app.delete(
    '/journey/job-descriptions/:role',
    {
      config: { access: 'journey:manage' },
      schema: {
        tags,
        summary: 'Regenerate: drop the edited text so the description follows the map again',
        params: roleParams,
        querystring: JobDescriptionQuery,
        response: { 200: JobDescription },
      },
    },
    async (request) => resetJobDescription(db, request.actor, request.params.role, request.query.locale),
  );
};
