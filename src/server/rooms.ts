import type { FastifyPluginAsync } from 'fastify';
import { absencesRoutes } from './absences/routes.ts';
import { accountRoutes } from './account/routes.ts';
import { activitiesRoutes } from './activities/routes.ts';
import { assignmentsRoutes } from './assignments/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { callQueuesRoutes } from './call-queues/routes.ts';
import { companiesRoutes } from './companies/routes.ts';
import { contactsRoutes } from './contacts/routes.ts';
import { customFieldsRoutes } from './custom-fields/routes.ts';
import { dealsRoutes } from './deals/routes.ts';
import { gradesRoutes } from './grades/routes.ts';
import { importsRoutes } from './imports/routes.ts';
import { leadSourcesRoutes } from './lead-sources/routes.ts';
import { leadsRoutes } from './leads/routes.ts';
import { pipelinesRoutes } from './pipelines/routes.ts';
import { projectsRoutes } from './projects/routes.ts';
import { robotsRoutes } from './robots/routes.ts';
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
  assignmentsRoutes,
  absencesRoutes,
  projectsRoutes,
  leadsRoutes,
  callQueuesRoutes,
  importsRoutes,
  accountRoutes,
  robotsRoutes,
];
