import { Badge, Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { COMPANY_STATUSES, type Company } from '../../contract/companies.ts';
import { formatDate } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { RecordList } from '../app/RecordList.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { BuildCallListButton } from '../call-lists/BuildCallListModal.tsx';
import { NewCompanyModal } from './CompanyForm.tsx';

export function CompanyList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { options: people, nameOf } = usePeople();
  const [creating, { open, close }] = useDisclosure(false);
  const me = useMe().data as Me;
  const toCard = (company: Company) =>
    void navigate({ to: '/companies/$companyId', params: { companyId: company.id } });
  return (
    <>
      <RecordList<Company>
        entity="company"
        path="/companies"
        title={t('company.title')}
        defaultSort={{ key: 'name', direction: 'asc' }}
        onRowClick={toCard}
        segmentAction={(segment) => (can(me, 'crm:import') ? <BuildCallListButton {...segment} /> : null)}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t('company.new')}
          </Button>
        }
        filters={[
          {
            key: 'status',
            label: t('company.status'),
            options: COMPANY_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
          },
          { key: 'ownerId', label: t('company.owner'), options: people },
        ]}
        columns={[
          { key: 'name', title: t('company.name'), sortable: true },
          {
            key: 'status',
            title: t('company.status'),
            render: (c) => <Badge variant="light">{t(`status.${c.status}`)}</Badge>,
          },
          { key: 'industry', title: t('company.industry') },
          { key: 'region', title: t('company.region') },
          { key: 'taxId', title: t('company.taxId') },
          { key: 'tags', title: t('company.tags'), render: (c) => c.tags.join(', ') },
          { key: 'ownerId', title: t('company.owner'), render: (c) => nameOf(c.ownerId) },
          {
            key: 'updatedAt',
            title: t('company.updatedAt'),
            sortable: true,
            render: (c) => formatDate(c.updatedAt),
          },
        ]}
      />
      <NewCompanyModal
        opened={creating}
        onClose={close}
        onCreated={(company) => {
          close();
          toCard(company);
        }}
      />
    </>
  );
}
