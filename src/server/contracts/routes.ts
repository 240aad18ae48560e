import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Contract,
  ContractPage,
  CreateContractBody,
  ListContractsQuery,
  UpdateContractBody,
} from '../../contract/money.ts';
import {
  createContract,
  deleteContract,
  findVisibleContract,
  listContracts,
  toContract,
  updateContract,
} from './contracts.ts';

const tags = ['money'];
const params = z.object({ id: Id });

/** Contracts per client: number, dates, terms, monthly fee when recurring, accepted payment methods. */
export const contractsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/contracts',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary: 'List contracts (companyId, status, recurring, q; sort startsOn, number, createdAt)',
        querystring: ListContractsQuery,
        response: { 200: ContractPage },
      },
    },
    async (request) => listContracts(db, request.actor, request.query),
  );

  app.post(
    '/contracts',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Add a contract to a client',
        body: CreateContractBody,
        response: { 201: Contract },
      },
    },
    async (request, reply) => reply.status(201).send(await createContract(db, request.actor, request.body)),
  );

  app.get(
    '/contracts/:id',
    {
      config: { access: 'money:read' },
      schema: { tags, summary: 'Get a contract', params, response: { 200: Contract } },
    },
    async (request) => toContract(await findVisibleContract(db, request.actor, request.params.id)),
  );

  app.patch(
    '/contracts/:id',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Change a contract; send the version you read, a stale one gets 409',
        params,
        body: UpdateContractBody,
        response: { 200: Contract },
      },
    },
    async (request) => updateContract(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/contracts/:id',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Delete a contract that has no invoices or acts (409 otherwise: end it instead)',
        params,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteContract(db, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
