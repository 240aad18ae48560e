import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { companiesRoutes } from './companies/routes.ts';

/**
 * Every domain room's routes, registered under /api/v1. A room is one folder named after a
 * business noun; adding one means one line here.
 */
export const rooms: FastifyPluginAsync[] = [authRoutes, auditRoutes, companiesRoutes];
