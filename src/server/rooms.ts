import type { FastifyPluginAsync } from 'fastify';
import { absencesRoutes } from './absences/routes.ts';
import { accountRoutes } from './account/routes.ts';
import { activitiesRoutes } from './activities/routes.ts';
import { actsRoutes } from './acts/routes.ts';
import { assignmentsRoutes } from './assignments/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { budgetsRoutes } from './budgets/routes.ts';
import { callQueuesRoutes } from './call-queues/routes.ts';
import { companiesRoutes } from './companies/routes.ts';
import { contactsRoutes } from './contacts/routes.ts';
import { contractsRoutes } from './contracts/routes.ts';
import { customFieldsRoutes } from './custom-fields/routes.ts';
import { dealsRoutes } from './deals/routes.ts';
import { gradesRoutes } from './grades/routes.ts';
import { importsRoutes } from './imports/routes.ts';
import { invoicesRoutes } from './invoices/routes.ts';
import { journeyRoutes } from './journey/routes.ts';
import { knowledgeRoutes } from './knowledge/routes.ts';
import { kpisRoutes } from './kpis/routes.ts';
import { leadSourcesRoutes } from './lead-sources/routes.ts';
import { leadsRoutes } from './leads/routes.ts';
import { moneyRoutes } from './money/routes.ts';
import { motivationRoutes } from './motivation/routes.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { paymentsRoutes } from './payments/routes.ts';
import { pipelinesRoutes } from './pipelines/routes.ts';
import { plansRoutes } from './plans/routes.ts';
import { projectsRoutes } from './projects/routes.ts';
import { robotsRoutes } from './robots/routes.ts';
import { savedViewsRoutes } from './saved-views/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { servicesRoutes } from './services/routes.ts';
import { tasksRoutes } from './tasks/routes.ts';
import { teamsRoutes } from './teams/routes.ts';
import { usersRoutes } from './users/routes.ts';
import { webhooksRoutes } from './webhooks/routes.ts';
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
  webhooksRoutes,
  notificationsRoutes,
  moneyRoutes,
  servicesRoutes,
  contractsRoutes,
  invoicesRoutes,
  paymentsRoutes,
  actsRoutes,
  budgetsRoutes,
  journeyRoutes,
  knowledgeRoutes,
  searchRoutes,
  accountRoutes,
  robotsRoutes,
  plansRoutes,
  motivationRoutes,
  kpisRoutes,
];
