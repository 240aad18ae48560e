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
    path: '/deals',
    component: lazyRouteComponent(() => import('../deals/DealBoard.tsx'), 'DealBoard'),
  }),
  createRoute({
    getParentRoute,
    path: '/tasks',
    component: lazyRouteComponent(() => import('../tasks/MyTasks.tsx'), 'MyTasks'),
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
