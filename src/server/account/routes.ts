import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountSettingsResponse,
  AccountWorkSettings,
  ClientAccount,
  ClientRequest,
  Compliance,
  ComplianceQuery,
  CreateFeedbackBody,
  CreateGrowthBody,
  CreateMeetingBody,
  CreateRequestBody,
  Feedback,
  FeedbackList,
  GrowthDirection,
  GrowthList,
  MakeUpsellBody,
  Meeting,
  MeetingList,
  MyClients,
  MyClientsQuery,
  ReorderRequestsBody,
  RequestActionBody,
  RequestList,
  ResolveFeedbackBody,
  SendMinutesBody,
  SendMinutesResponse,
  UpdateAccountSettingsBody,
  UpdateClientAccountBody,
  UpdateGrowthBody,
  UpdateMeetingBody,
} from '../../contract/account.ts';
import { Id } from '../../contract/common.ts';
import { Deal } from '../../contract/deals.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { loadSmtp } from '../mail/mailer.ts';
import { loadAccountSettings, saveAccountSettings } from './account-settings.ts';
import { cadenceCompliance, getClientAccount, listMyClients, updateClientAccount } from './client-account.ts';
import { createFeedback, listFeedback, resolveFeedback } from './feedback.ts';
import { createGrowth, listGrowth, makeUpsellDeal, updateGrowth } from './growth.ts';
import {
  createMeeting,
  getMeeting,
  listMeetings,
  meetingMinutes,
  sendMinutes,
  updateMeeting,
} from './meetings.ts';
import { actOnRequest, createRequest, getRequest, listRequests, reorderRequests } from './requests.ts';

const tags = ['account'];
const params = z.object({ id: Id });

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  // Settings -------------------------------------------------------------------------------------

  const settingsResponse = async (workspaceId: string) => {
    const {
      timeZone: _t,
      locale: _l,
      currency: _c,
      ...settings
    } = await loadAccountSettings(db, workspaceId);
    const smtp = await loadSmtp(db, workspaceId);
    return { ...settings, smtpConfigured: smtp !== null, fromAddress: smtp?.from ?? null };
  };

  app.get(
    '/settings/account',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary:
          'Account-work settings: default cadence, churn after N days, whether minutes can be e-mailed',
        response: { 200: AccountSettingsResponse },
      },
    },
    async (request) => settingsResponse(request.actor.workspaceId),
  );

  app.patch(
    '/settings/account',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change the default cadence or churn days (mail is set in the money settings)',
        body: UpdateAccountSettingsBody,
        response: { 200: AccountSettingsResponse },
      },
    },
    async (request) => {
      const { actor } = request;
      const changes = request.body;
      await db.transaction(async (tx) => {
        const {
          timeZone: _t,
          locale: _l,
          currency: _c,
          ...before
        } = await loadAccountSettings(tx, actor.workspaceId);
        const after = AccountWorkSettings.parse({ ...before, ...changes });
        await saveAccountSettings(tx, actor.workspaceId, after);
        if (after.cadenceDays !== before.cadenceDays) {
          // Clients on the workspace's cadence get their next contact moved by the difference.
          await tx.execute(sql`
            update client_accounts set next_contact_on = next_contact_on + ${after.cadenceDays - before.cadenceDays}::int,
              cadence_flagged_on = null, updated_at = now(), version = version + 1
            where workspace_id = ${actor.workspaceId} and cadence_days is null`);
        }
        await recordAudit(tx, {
          ...auditFor(actor, 'workspace', actor.workspaceId),
          action: 'update',
          before: { accountWork: before },
          after: { accountWork: after },
        });
      });
      return settingsResponse(actor.workspaceId);
    },
  );

  // Client account: cadence, next contact, health ------------------------------------------------

  app.get(
    '/companies/:id/account',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "A client's cadence, next contact date, health score with its reasons, churn flags",
        params,
        response: { 200: ClientAccount },
      },
    },
    async (request) => getClientAccount(db, request.actor, request.params.id),
  );

  app.patch(
    '/companies/:id/account',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: "Set a client's own cadence (null = the workspace's) or move its next contact date",
        params,
        body: UpdateClientAccountBody,
        response: { 200: ClientAccount },
      },
    },
    async (request) => updateClientAccount(db, request.actor, request.params.id, request.body),
  );

  app.get(
    '/account/my-clients',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "An AM's clients (mine by default) with next contact dates, overdue first, and health",
        querystring: MyClientsQuery,
        response: { 200: MyClients },
      },
    },
    async (request) => listMyClients(db, request.actor, request.query),
  );

  app.get(
    '/account/compliance',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'Contact-cadence compliance per AM over a period (share of clients never past their next contact)',
        querystring: ComplianceQuery,
        response: { 200: Compliance },
      },
    },
    async (request) => cadenceCompliance(db, request.actor, request.query),
  );

  // Meetings -------------------------------------------------------------------------------------

  app.get(
    '/companies/:id/meetings',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: "A client's meetings, newest first", params, response: { 200: MeetingList } },
    },
    async (request) => listMeetings(db, request.actor, request.params.id),
  );

  app.post(
    '/companies/:id/meetings',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Log a meeting: attendees, agenda, minutes, decisions (each becomes a task for its owner)',
        params,
        body: CreateMeetingBody,
        response: { 201: Meeting },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMeeting(db, request.actor, request.params.id, request.body)),
  );

  app.get(
    '/meetings/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'A meeting', params, response: { 200: Meeting } },
    },
    async (request) => getMeeting(db, request.actor, request.params.id),
  );

  app.patch(
    '/meetings/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: "Change a meeting's title, agenda or minutes",
        params,
        body: UpdateMeetingBody,
        response: { 200: Meeting },
      },
    },
    async (request) => updateMeeting(db, request.actor, request.params.id, request.body),
  );

  app.get(
    '/meetings/:id/minutes',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Download the minutes as a Markdown file', params },
    },
    async (request, reply) => {
      const minutes = await meetingMinutes(db, request.actor, request.params.id);
      return reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(minutes.fileName)}`)
        .type('text/markdown; charset=utf-8')
        .send(minutes.markdown);
    },
  );

  app.post(
    '/meetings/:id/send-minutes',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: "E-mail the minutes to the attendees (through the workspace's SMTP), or get a mailto: link",
        params,
        body: SendMinutesBody,
        response: { 200: SendMinutesResponse },
      },
    },
    async (request) => sendMinutes(db, request.actor, request.params.id, request.body),
  );

  // Requests -------------------------------------------------------------------------------------

  app.get(
    '/companies/:id/requests',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "A client's requests: the backlog in the agreed order, then finished ones",
        params,
        response: { 200: RequestList },
      },
    },
    async (request) => listRequests(db, request.actor, request.params.id),
  );

  app.post(
    '/companies/:id/requests',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Record a request in any form (text, a pasted message, an attachment name); it joins the backlog last',
        params,
        body: CreateRequestBody,
        response: { 201: ClientRequest },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRequest(db, request.actor, request.params.id, request.body)),
  );

  app.put(
    '/companies/:id/requests/order',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: "Reorder the client's backlog: every open request, first = most important",
        params,
        body: ReorderRequestsBody,
        response: { 200: RequestList },
      },
    },
    async (request) => reorderRequests(db, request.actor, request.params.id, request.body.order),
  );

  app.get(
    '/requests/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'A request', params, response: { 200: ClientRequest } },
    },
    async (request) => getRequest(db, request.actor, request.params.id),
  );

  app.post(
    '/requests/:id/actions',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Move a request: specify, estimate (hours, cost), approve (who, when), start (a reason before approval), deliver, accept, rework, cancel',
        params,
        body: RequestActionBody,
        response: { 200: ClientRequest },
      },
    },
    async (request) => actOnRequest(db, request.actor, request.params.id, request.body),
  );

  // Growth plan ----------------------------------------------------------------------------------

  app.get(
    '/companies/:id/growth',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: "A client's growth plan", params, response: { 200: GrowthList } },
    },
    async (request) => listGrowth(db, request.actor, request.params.id),
  );

  app.post(
    '/companies/:id/growth',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Add a direction in which the client can grow: a service, its potential value',
        params,
        body: CreateGrowthBody,
        response: { 201: GrowthDirection },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGrowth(db, request.actor, request.params.id, request.body)),
  );

  app.patch(
    '/growth/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a growth direction',
        params,
        body: UpdateGrowthBody,
        response: { 200: GrowthDirection },
      },
    },
    async (request) => updateGrowth(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/growth/:id/upsell',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Turn a growth direction into an upsell deal in the default pipeline',
        params,
        body: MakeUpsellBody,
        response: { 201: z.object({ direction: GrowthDirection, deal: Deal }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await makeUpsellDeal(db, request.actor, request.params.id, request.body.version)),
  );

  // Feedback -------------------------------------------------------------------------------------

  app.get(
    '/companies/:id/feedback',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "A client's complaints, claims and reviews",
        params,
        response: { 200: FeedbackList },
      },
    },
    async (request) => listFeedback(db, request.actor, request.params.id),
  );

  app.post(
    '/companies/:id/feedback',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Record a complaint, claim or review; a critical one escalates to the heads',
        params,
        body: CreateFeedbackBody,
        response: { 201: Feedback },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createFeedback(db, request.actor, request.params.id, request.body)),
  );

  app.post(
    '/feedback/:id/resolve',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Resolve feedback with what was done',
        params,
        body: ResolveFeedbackBody,
        response: { 200: Feedback },
      },
    },
    async (request) => resolveFeedback(db, request.actor, request.params.id, request.body),
  );
};
