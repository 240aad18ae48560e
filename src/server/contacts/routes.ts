import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Contact,
  ContactPage,
  CreateContactBody,
  ListContactsQuery,
  UpdateContactBody,
} from '../../contract/contacts.ts';
import { registerHistoryRoute } from '../audit/history-route.ts';
import { findVisibleContact, toContact } from './contact-visibility.ts';
import { listContacts } from './list-contacts.ts';
import { createContact, setContactArchived, updateContact } from './save-contact.ts';

const tags = ['contacts'];
const params = z.object({ id: Id });

export const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/contacts',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'List contacts: by company, decision makers, e-mail, phone, full-text q',
        querystring: ListContactsQuery,
        response: { 200: ContactPage },
      },
    },
    async (request) => listContacts(db, request.actor, request.query),
  );

  app.post(
    '/contacts',
    {
      config: { access: 'crm:write' },
      schema: { tags, summary: 'Create a contact', body: CreateContactBody, response: { 201: Contact } },
    },
    async (request, reply) => reply.status(201).send(await createContact(db, request.actor, request.body)),
  );

  app.get(
    '/contacts/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Get a contact', params, response: { 200: Contact } },
    },
    async (request) => toContact(await findVisibleContact(db, request.actor, request.params.id)),
  );

  app.patch(
    '/contacts/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a contact (send its version)',
        params,
        body: UpdateContactBody,
        response: { 200: Contact },
      },
    },
    async (request) => updateContact(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/contacts/:id',
    {
      config: { access: 'crm:delete' },
      schema: { tags, summary: 'Archive a contact', params, response: { 200: Contact } },
    },
    async (request) => setContactArchived(db, request.actor, request.params.id, true),
  );

  app.post(
    '/contacts/:id/restore',
    {
      config: { access: 'crm:delete' },
      schema: { tags, summary: 'Restore an archived contact', params, response: { 200: Contact } },
    },
    async (request) => setContactArchived(db, request.actor, request.params.id, false),
  );

  registerHistoryRoute(app, {
    path: '/contacts/:id/history',
    entityType: 'contact',
    tags,
    findVisible: findVisibleContact,
  });
};
