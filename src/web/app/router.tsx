import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Layout } from './Layout.tsx';

/** Every page is its own chunk, loaded when its route is first visited. */
const rootRoute = createRootRoute({ component: Layout });
const getParentRoute = () => rootRoute;

export const routeTree = rootRoute.addChildren([
  createRoute({
    getParentRoute,
    path: '/',
    component: lazyRouteComponent(() => import('../home/Home.tsx'), 'Home'),
  }),
  createRoute({
    getParentRoute,
    path: '/companies',
    component: lazyRouteComponent(() => import('../companies/CompanyList.tsx'), 'CompanyList'),
  }),
  createRoute({
    getParentRoute,
    path: '/companies/$companyId',
    component: lazyRouteComponent(() => import('../companies/CompanyCard.tsx'), 'CompanyCard'),
  }),
  createRoute({
    getParentRoute,
    path: '/contacts',
    component: lazyRouteComponent(() => import('../contacts/ContactList.tsx'), 'ContactList'),
  }),
  createRoute({
    getParentRoute,
    path: '/deals',
    // ?deal=… opens that deal's form on the board (where converting a lead leads).
    validateSearch: (search: Record<string, unknown>): { deal?: string } =>
      typeof search.deal === 'string' ? { deal: search.deal } : {},
    component: lazyRouteComponent(() => import('../deals/DealBoard.tsx'), 'DealBoard'),
  }),
  createRoute({
    getParentRoute,
    path: '/deals/list',
    component: lazyRouteComponent(() => import('../deals/DealList.tsx'), 'DealList'),
  }),
  createRoute({
    getParentRoute,
    path: '/tasks',
    component: lazyRouteComponent(() => import('../tasks/MyTasks.tsx'), 'MyTasks'),
  }),
  createRoute({
    getParentRoute,
    path: '/queue',
    component: lazyRouteComponent(() => import('../call-queue/CallQueue.tsx'), 'CallQueue'),
  }),
  createRoute({
    getParentRoute,
    path: '/leads',
    component: lazyRouteComponent(() => import('../leads/LeadInbox.tsx'), 'LeadInbox'),
  }),
  createRoute({
    getParentRoute,
    path: '/absences',
    component: lazyRouteComponent(() => import('../absences/AbsenceCalendar.tsx'), 'AbsenceCalendar'),
  }),
  createRoute({
    getParentRoute,
    path: '/team-load',
    component: lazyRouteComponent(() => import('../assignments/TeamLoad.tsx'), 'TeamLoad'),
  }),
  createRoute({
    getParentRoute,
    path: '/imports',
    component: lazyRouteComponent(() => import('../imports/ImportPage.tsx'), 'ImportPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/imports/$importId',
    component: lazyRouteComponent(() => import('../imports/ImportDetail.tsx'), 'ImportDetail'),
  }),
  createRoute({
    getParentRoute,
    path: '/call-lists',
    component: lazyRouteComponent(() => import('../call-lists/CallLists.tsx'), 'CallLists'),
  }),
  createRoute({
    getParentRoute,
    path: '/invoices',
    component: lazyRouteComponent(() => import('../invoices/InvoiceList.tsx'), 'InvoiceList'),
  }),
  createRoute({
    getParentRoute,
    path: '/invoices/new',
    // ?companyId=… prefills the client (from the client card's finance tab).
    validateSearch: (search: Record<string, unknown>): { companyId?: string } =>
      typeof search.companyId === 'string' ? { companyId: search.companyId } : {},
    component: lazyRouteComponent(() => import('../invoices/InvoiceEditor.tsx'), 'NewInvoice'),
  }),
  createRoute({
    getParentRoute,
    path: '/invoices/$invoiceId',
    component: lazyRouteComponent(() => import('../invoices/InvoiceEditor.tsx'), 'InvoicePage'),
  }),
  createRoute({
    getParentRoute,
    path: '/payments',
    component: lazyRouteComponent(() => import('../payments/PaymentList.tsx'), 'PaymentList'),
  }),
  createRoute({
    getParentRoute,
    path: '/me',
    component: lazyRouteComponent(() => import('../notifications/MySettings.tsx'), 'MySettings'),
  }),
  createRoute({
    getParentRoute,
    path: '/knowledge',
    validateSearch: (search: Record<string, unknown>): { q?: string; kind?: string; tag?: string } => ({
      ...(typeof search.q === 'string' ? { q: search.q } : {}),
      ...(typeof search.kind === 'string' ? { kind: search.kind } : {}),
      ...(typeof search.tag === 'string' ? { tag: search.tag } : {}),
    }),
    component: lazyRouteComponent(() => import('../knowledge/KnowledgeList.tsx'), 'KnowledgeList'),
  }),
  createRoute({
    getParentRoute,
    path: '/knowledge/new',
    component: lazyRouteComponent(() => import('../knowledge/ArticleEditor.tsx'), 'ArticleEditor'),
  }),
  createRoute({
    getParentRoute,
    path: '/knowledge/$articleId',
    component: lazyRouteComponent(() => import('../knowledge/ArticleView.tsx'), 'ArticleView'),
  }),
  createRoute({
    getParentRoute,
    path: '/knowledge/$articleId/edit',
    component: lazyRouteComponent(() => import('../knowledge/ArticleEditor.tsx'), 'ArticleEditor'),
  }),
  createRoute({
    getParentRoute,
    path: '/journey',
    validateSearch: (search: Record<string, unknown>): { tab?: string } =>
      typeof search.tab === 'string' ? { tab: search.tab } : {},
    component: lazyRouteComponent(() => import('../journey/JourneyPage.tsx'), 'JourneyPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/my-clients',
    component: lazyRouteComponent(() => import('../account/MyClients.tsx'), 'MyClients'),
  }),
  createRoute({
    getParentRoute,
    path: '/robots',
    component: lazyRouteComponent(() => import('../robots/RobotsPage.tsx'), 'RobotsPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/plans',
    component: lazyRouteComponent(() => import('../plans/PlansPage.tsx'), 'PlansPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/motivation/schemes',
    component: lazyRouteComponent(() => import('../motivation/Schemes.tsx'), 'Schemes'),
  }),
  createRoute({
    getParentRoute,
    path: '/payouts',
    component: lazyRouteComponent(() => import('../motivation/Payouts.tsx'), 'Payouts'),
  }),
  createRoute({
    getParentRoute,
    path: '/payouts/$statementId',
    component: lazyRouteComponent(() => import('../motivation/StatementPage.tsx'), 'StatementPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/my-pay',
    component: lazyRouteComponent(() => import('../motivation/MyPay.tsx'), 'MyPay'),
  }),
  createRoute({
    getParentRoute,
    path: '/kpis',
    validateSearch: (search: Record<string, unknown>): { userId?: string; teamId?: string } => ({
      ...(typeof search.userId === 'string' ? { userId: search.userId } : {}),
      ...(typeof search.teamId === 'string' ? { teamId: search.teamId } : {}),
    }),
    component: lazyRouteComponent(() => import('../kpis/KpiPage.tsx'), 'KpiPage'),
  }),
  createRoute({
    getParentRoute,
    path: '/kpis/drill',
    validateSearch: (search: Record<string, unknown>): Record<string, string> =>
      Object.fromEntries(
        ['metric', 'period', 'on', 'userId', 'teamId', 'leadSourceId'].flatMap((key) =>
          typeof search[key] === 'string' ? [[key, search[key] as string]] : [],
        ),
      ),
    component: lazyRouteComponent(() => import('../kpis/KpiDrill.tsx'), 'KpiDrill'),
  }),
  createRoute({
    getParentRoute,
    path: '/kpis/diagnostics',
    component: lazyRouteComponent(() => import('../kpis/OrgDiagnostics.tsx'), 'OrgDiagnostics'),
  }),
  createRoute({
    getParentRoute,
    path: '/settings',
    component: lazyRouteComponent(() => import('../settings/Settings.tsx'), 'Settings'),
  }),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
