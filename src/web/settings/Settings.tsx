import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can, type Me, useMe } from '../auth/me.ts';
import { ApiTokens } from './ApiTokens.tsx';
import { CustomFields } from './CustomFields.tsx';
import { LeadSources } from './LeadSources.tsx';
import { MoneySettings } from './MoneySettings.tsx';
import { People } from './People.tsx';
import { Pipelines } from './Pipelines.tsx';
import { SalesFlow } from './SalesFlow.tsx';
import { Services } from './Services.tsx';
import { TeamsAndGrades } from './TeamsAndGrades.tsx';
import { Webhooks } from './Webhooks.tsx';

export function Settings() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const canManage = can(me, 'settings:manage');
  const canMoney = can(me, 'money:write');
  return (
    <>
      <Title order={2} mb="md">
        {t('settings.title')}
      </Title>
      <Tabs defaultValue={canManage || !canMoney ? 'people' : 'money'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="people">{t('settings.users')}</Tabs.Tab>
          <Tabs.Tab value="teams">{t('settings.teamsAndGrades')}</Tabs.Tab>
          <Tabs.Tab value="pipelines">{t('settings.pipelines')}</Tabs.Tab>
          <Tabs.Tab value="sales-flow">{t('settings.salesFlow')}</Tabs.Tab>
          <Tabs.Tab value="fields">{t('settings.customFields')}</Tabs.Tab>
          <Tabs.Tab value="sources">{t('settings.leadSources')}</Tabs.Tab>
          <Tabs.Tab value="tokens">{t('settings.tokens')}</Tabs.Tab>
          {canManage && <Tabs.Tab value="webhooks">{t('webhooks.tab')}</Tabs.Tab>}
          {canMoney && <Tabs.Tab value="money">{t('settings.money')}</Tabs.Tab>}
          {canMoney && <Tabs.Tab value="services">{t('settings.services')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="people" pt="md">
          <People />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsAndGrades />
        </Tabs.Panel>
        <Tabs.Panel value="fields" pt="md">
          <CustomFields />
        </Tabs.Panel>
        <Tabs.Panel value="pipelines" pt="md">
          <Pipelines />
        </Tabs.Panel>
        <Tabs.Panel value="sales-flow" pt="md">
          <SalesFlow />
        </Tabs.Panel>
        <Tabs.Panel value="sources" pt="md">
          <LeadSources />
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          <ApiTokens />
        </Tabs.Panel>
        {canMoney && (
          <Tabs.Panel value="money" pt="md">
            <MoneySettings />
          </Tabs.Panel>
        )}
        {canMoney && (
          <Tabs.Panel value="services" pt="md">
            <Services />
          </Tabs.Panel>
        )}
        {canManage && (
          <Tabs.Panel value="webhooks" pt="md">
            <Webhooks />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
