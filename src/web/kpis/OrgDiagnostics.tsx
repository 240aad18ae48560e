import { Alert, Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { OrgDiagnostics as Diagnostics } from '../../contract/kpis.ts';
import { get } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';

/**
 * Org diagnostics for heads (seed 001): what is wrong with how people and clients are spread,
 * each finding with what to do about it and where.
 */
export function OrgDiagnostics() {
  const { t } = useTranslation();
  const diagnostics = useQuery({
    queryKey: ['kpis', 'diagnostics'],
    queryFn: () => get<Diagnostics>('/kpis/diagnostics'),
  });
  const data = diagnostics.data;
  if (!data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const healthy =
    data.overloadedLeads.length + data.unevenLoad.length + data.overCap.length + data.unowned.length === 0;
  const teamLoad = (
    <Anchor component={Link} to="/team-load" size="sm">
      {t('kpis.diagnostics.openTeamLoad')}
    </Anchor>
  );
  return (
    <Stack data-testid="org-diagnostics">
      <Title order={2}>{t('kpis.diagnostics.title')}</Title>
      {healthy && <Text c="dimmed">{t('kpis.diagnostics.healthy')}</Text>}
      {data.overloadedLeads.length > 0 && (
        <Finding
          testId="diag-leads"
          title={t('kpis.diagnostics.overloadedLeads', { max: data.maxDirectReports })}
          fix={t('kpis.diagnostics.overloadedLeadsFix', { max: data.maxDirectReports })}
          action={
            <Anchor component={Link} to="/settings" size="sm">
              {t('nav.settings')}
            </Anchor>
          }
        >
          {data.overloadedLeads.map((lead) => (
            <List.Item key={lead.userId}>
              {lead.name} — {t('kpis.diagnostics.directReports', { count: lead.directReports })}
            </List.Item>
          ))}
        </Finding>
      )}
      {data.unevenLoad.length > 0 && (
        <Finding testId="diag-uneven" title={t('kpis.diagnostics.uneven')} fix="" action={teamLoad}>
          {data.unevenLoad.map((group) => (
            <List.Item key={`${group.tier}-${group.gradeId}`}>
              <Text size="sm" fw={600}>
                {t('kpis.diagnostics.tierGrade', {
                  tier: group.tier ?? '—',
                  grade: group.gradeName ?? t('kpis.diagnostics.noGrade'),
                })}{' '}
                <Badge color="orange" size="sm">
                  CV {group.coefficientOfVariation}
                </Badge>
              </Text>
              <Text size="sm">
                {group.people.map((person) => `${person.name}: ${person.load}`).join(' · ')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('kpis.diagnostics.unevenFix', {
                  cv: group.coefficientOfVariation,
                  threshold: data.threshold,
                })}
              </Text>
            </List.Item>
          ))}
        </Finding>
      )}
      {data.overCap.length > 0 && (
        <Finding
          testId="diag-cap"
          title={t('kpis.diagnostics.overCap')}
          fix={t('kpis.diagnostics.overCapFix')}
          action={teamLoad}
        >
          {data.overCap.map((person) => (
            <List.Item key={person.userId}>
              {person.name} — {person.clients} / {person.cap}
            </List.Item>
          ))}
        </Finding>
      )}
      {data.unowned.length > 0 && (
        <Finding
          testId="diag-unowned"
          title={t('kpis.diagnostics.unowned')}
          fix={t('kpis.diagnostics.unownedFix')}
        >
          {data.unowned.map((client) => (
            <List.Item key={client.companyId}>
              <CompanyLink companyId={client.companyId} size="sm">
                {client.name}
              </CompanyLink>{' '}
              <Text span size="sm" c="dimmed">
                {client.reason === 'no_owner'
                  ? t('kpis.diagnostics.noOwner')
                  : t('kpis.diagnostics.inactiveOwner', { name: client.ownerName })}
              </Text>
            </List.Item>
          ))}
        </Finding>
      )}
    </Stack>
  );
}

function Finding({
  title,
  fix,
  action,
  testId,
  children,
}: {
  title: string;
  fix: string;
  action?: React.ReactNode;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{title}</Text>
        {action}
      </Group>
      {fix && (
        <Alert color="yellow" variant="light" mb="xs">
          {fix}
        </Alert>
      )}
      <List spacing="xs">{children}</List>
    </Card>
  );
}
