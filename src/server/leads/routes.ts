import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import { Deal } from '../../contract/deals.ts';
import {
  ConvertLeadBody,
  CreateLeadBody,
  Lead,
  ListLeadsQuery,
  RejectLeadBody,
  Suggestion,
} from '../../contract/sales-flow.ts';
import { type Actor, can } from '../access/actor.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { findVisibleContact } from '../contacts/contact-visibility.ts';
import { createDeal } from '../deals/save-deal.ts';
import { AppError, invalidField } from '../http/errors.ts';
import { findVisibleLead, handOverLead, listLeads, setLeadStatus, toLead } from './leads.ts';

const tags = ['leads'];
const params = z.object({ id: Id });
type Joined = Awaited<ReturnType<typeof findVisibleLead>>;

/** Only the lead's assignee works it, or someone who hands out work; an unassigned lead is taken by whoever accepts it. */
function checkMayWork(actor: Actor, current: Joined): void {
  const { assigneeId } = current.lead;
  if (assigneeId === null || assigneeId === actor.userId || can(actor, 'crm:assign')) return;
  throw new AppError('forbidden', 'This lead is someone else’s. Ask a team lead to reassign it.');
}

function checkOpen(current: Joined): void {
  if (current.lead.status === 'converted' || current.lead.status === 'rejected') {
    throw new AppError('conflict', `This lead is already ${current.lead.status}.`);
  }
}

export const leadsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/leads',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Leads handed over (the tier-2 hand-off inbox: ?assignee=me&status=new)',
        querystring: ListLeadsQuery,
        response: { 200: z.object({ items: z.array(Lead) }) },
      },
    },
    async (request) => ({ items: await listLeads(db, request.actor, request.query) }),
  );

  app.get(
    '/leads/:id',
    { config: { access: 'crm:read' }, schema: { tags, summary: 'A lead', params, response: { 200: Lead } } },
    async (request) => {
      return toLead(await findVisibleLead(db, request.actor, request.params.id));
    },
  );

  app.post(
    '/leads',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Record an incoming request; an existing client’s goes to its AM, any other to tier 2',
        body: CreateLeadBody,
        response: { 201: z.object({ lead: Lead, suggestion: Suggestion.nullable() }) },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const result = await db.transaction(async (tx) => {
        await findVisibleCompany(tx, actor, body.companyId).catch(() => {
          throw invalidField('companyId', 'Not found, or not one you can see.');
        });
        if (body.contactId) {
          const contact = await findVisibleContact(tx, actor, body.contactId);
          if (contact.companyId !== body.companyId)
            throw invalidField('contactId', 'Choose a contact of this company.');
        }
        return handOverLead(tx, {
          ...body,
          workspaceId: actor.workspaceId,
          actorUserId: actor.userId,
          origin: 'inbound',
        });
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/leads/:id/accept',
    {
      config: { access: 'crm:write' },
      schema: { tags, summary: 'Take a lead into work', params, response: { 200: Lead } },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const current = await findVisibleLead(tx, actor, request.params.id);
        checkMayWork(actor, current);
        checkOpen(current);
        return setLeadStatus(tx, actor, current, {
          status: 'accepted',
          assigneeId: current.lead.assigneeId ?? actor.userId,
        });
      });
    },
  );

  app.post(
    '/leads/:id/convert',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Open a deal from a lead',
        params,
        body: ConvertLeadBody,
        response: { 201: z.object({ lead: Lead, deal: Deal }) },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const result = await db.transaction(async (tx) => {
        const current = await findVisibleLead(tx, actor, request.params.id);
        checkMayWork(actor, current);
        checkOpen(current);
        const deal = await createDeal(tx, actor, {
          ...body,
          companyId: current.lead.companyId,
          contactId: current.lead.contactId,
          leadSourceId: current.lead.leadSourceId,
          ownerId: current.lead.assigneeId ?? actor.userId,
          kind: current.lead.origin === 'client_request' ? 'upsell' : 'new',
          nextStep: current.lead.note.slice(0, 500) || undefined,
        });
        const lead = await setLeadStatus(tx, actor, current, {
          status: 'converted',
          dealId: deal.id,
          assigneeId: current.lead.assigneeId ?? actor.userId,
        });
        return { lead, deal };
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/leads/:id/reject',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Turn a lead down, saying why',
        params,
        body: RejectLeadBody,
        response: { 200: Lead },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const current = await findVisibleLead(tx, actor, request.params.id);
        checkMayWork(actor, current);
        checkOpen(current);
        return setLeadStatus(tx, actor, current, { status: 'rejected', rejectReason: request.body.reason });
      });
    },
  );
};
