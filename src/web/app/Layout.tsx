import {
  AppShell,
  Burger,
  Group,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook,
  IconAdjustmentsDollar,
  IconBook2,
  IconBriefcase,
  IconBuilding,
  IconCalendarUser,
  IconCash,
  IconChartBar,
  IconChartLine,
  IconChecklist,
  IconFileImport,
  IconFileInvoice,
  IconHome,
  IconInbox,
  IconList,
  IconListDetails,
  IconLogout,
  IconPhoneCall,
  IconReportMoney,
  IconRobot,
  IconRoute,
  IconSettings,
  IconStethoscope,
  IconTarget,
  IconUsersGroup,
  IconWallet,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { CoveringBanner } from '../absences/CoveringBanner.tsx';
import { patch, post } from '../api/client.ts';
import { can, hasRole, type Me, receivesLeads, useMe, worksCallQueue } from '../auth/me.ts';
import { type Locale, setLocale } from '../i18n/index.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';

const NAV = [
  { to: '/', label: 'nav.home', icon: IconHome, show: () => true },
  { to: '/queue', label: 'nav.queue', icon: IconPhoneCall, show: worksCallQueue },
  { to: '/leads', label: 'nav.leads', icon: IconInbox, show: receivesLeads },
  {
    to: '/call-lists',
    label: 'nav.callLists',
    icon: IconListDetails,
    show: (me: Me) => can(me, 'crm:import'),
  },
  { to: '/imports', label: 'nav.imports', icon: IconFileImport, show: (me: Me) => can(me, 'crm:import') },
  {
    to: '/my-clients',
    label: 'nav.myClients',
    icon: IconUsersGroup,
    show: (me: Me) => hasRole(me, 'am', 'team_lead', 'head', 'admin'),
  },
  { to: '/companies', label: 'nav.companies', icon: IconBuilding, show: () => true },
  { to: '/contacts', label: 'nav.contacts', icon: IconAddressBook, show: () => true },
  { to: '/deals/list', label: 'nav.dealList', icon: IconList, show: () => true },
  { to: '/deals', label: 'nav.deals', icon: IconBriefcase, show: () => true },
  { to: '/invoices', label: 'nav.invoices', icon: IconFileInvoice, show: (me: Me) => can(me, 'money:read') },
  { to: '/payments', label: 'nav.payments', icon: IconCash, show: (me: Me) => can(me, 'money:read') },
  { to: '/tasks', label: 'nav.tasks', icon: IconChecklist, show: () => true },
  { to: '/journey', label: 'nav.journey', icon: IconRoute, show: () => true },
  { to: '/knowledge', label: 'nav.knowledge', icon: IconBook2, show: () => true },
  { to: '/absences', label: 'nav.absences', icon: IconCalendarUser, show: () => true },
  { to: '/team-load', label: 'nav.teamLoad', icon: IconChartBar, show: (me: Me) => can(me, 'crm:assign') },
  { to: '/robots', label: 'nav.robots', icon: IconRobot, show: (me: Me) => can(me, 'settings:manage') },
  { to: '/plans', label: 'nav.plans', icon: IconTarget, show: () => true },
  {
    to: '/motivation/schemes',
    label: 'nav.schemes',
    icon: IconAdjustmentsDollar,
    show: (me: Me) => can(me, 'motivation:manage'),
  },
  {
    to: '/payouts',
    label: 'nav.payouts',
    icon: IconReportMoney,
    show: (me: Me) => can(me, 'payouts:approve'),
  },
  { to: '/my-pay', label: 'nav.myPay', icon: IconWallet, show: () => true },
  { to: '/kpis', label: 'nav.kpis', icon: IconChartLine, show: () => true },
  {
    to: '/kpis/diagnostics',
    label: 'nav.diagnostics',
    icon: IconStethoscope,
    show: (me: Me) => can(me, 'crm:assign'),
  },
] as const;

export function Layout() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const [opened, { toggle }] = useDisclosure();
  const path = useRouterState({ select: (state) => state.location.pathname });

  const changeLanguage = async (locale: string) => {
    setLocale(locale as Locale);
    client.setQueryData(['me'], await patch<Me>('/me', { locale }));
  };
  const signOut = async () => {
    await post('/auth/logout');
    client.clear();
    client.setQueryData(['me'], null);
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Title order={4}>{t('app.name')}</Title>
            <Text c="dimmed" size="sm" data-testid="workspace-name" visibleFrom="xs">
              {me.workspace.name}
            </Text>
          </Group>
          <Group wrap="nowrap">
            <GlobalSearch />
            <SegmentedControl
              size="xs"
              aria-label={t('app.language')}
              value={me.locale}
              onChange={changeLanguage}
              data={[
                { label: 'RU', value: 'ru' },
                { label: 'EN', value: 'en' },
              ]}
            />
            <NotificationBell />
            <Text
              size="sm"
              visibleFrom="sm"
              component={Link}
              to="/me"
              title={t('me.open')}
              data-testid="me-link"
            >
              {me.name}
            </Text>
            <UnstyledButton onClick={signOut} aria-label={t('app.signOut')} title={t('app.signOut')}>
              <IconLogout size={20} />
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="main">
        {/* Many roles see many pages: the list scrolls on a short screen. */}
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((item) => item.show(me)).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              leftSection={<item.icon size={18} />}
              active={
                item.to === '/' || item.to === '/deals' || item.to === '/kpis'
                  ? path === item.to || (item.to === '/kpis' && path === '/kpis/drill')
                  : path.startsWith(item.to)
              }
            />
          ))}
          {(can(me, 'settings:manage') || can(me, 'money:write')) && (
            <NavLink
              component={Link}
              to="/settings"
              label={t('nav.settings')}
              leftSection={<IconSettings size={18} />}
              active={path.startsWith('/settings')}
            />
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <CoveringBanner />
        <Suspense fallback={<Text c="dimmed">{t('app.loading')}</Text>}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
