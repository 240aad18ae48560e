import type { FastifyPluginAsync } from 'fastify';
import { activitiesRoutes } from './activities/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { companiesRoutes } from './companies/routes.ts';
import { contactsRoutes } from './contacts/routes.ts';
import { customFieldsRoutes } from './custom-fields/routes.ts';
import { dealsRoutes } from './deals/routes.ts';
import { gradesRoutes } from './grades/routes.ts';
import { importsRoutes } from './imports/routes.ts';
import { leadSourcesRoutes } from './lead-sources/routes.ts';
import { pipelinesRoutes } from './pipelines/routes.ts';
import { savedViewsRoutes } from './saved-views/routes.ts';
import { tasksRoutes } from './tasks/routes.ts';
import { teamsRoutes } from './teams/routes.ts';
import { usersRoutes } from './users/routes.ts';
import { workspaceRoutes } from './workspaces/routes.ts';

/**
 * Every domain room's routes, registered under /api/v1. A room is one folder named after a
 * business noun; adding one means one line here.
 */
export const rooms: FastifyPluginAsync[] = [
  authRoutes,
  auditRoutes,
  companiesRoutes,
  contactsRoutes,
  activitiesRoutes,
  tasksRoutes,
  dealsRoutes,
  pipelinesRoutes,
  leadSourcesRoutes,
  customFieldsRoutes,
  workspaceRoutes,
  usersRoutes,
  teamsRoutes,
  gradesRoutes,
  savedViewsRoutes,
  importsRoutes,
];
