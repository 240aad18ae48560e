import { Badge } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type Contact, DECISION_ROLES } from '../../contract/contacts.ts';
import { formatDate } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { RecordList } from '../app/RecordList.tsx';

/** Contacts: search by name, position, e-mail or phone; decision makers marked. */
export function ContactList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { options: people, nameOf } = usePeople();
  return (
    <RecordList<Contact>
      entity="contact"
      path="/contacts"
      title={t('nav.contacts')}
      defaultSort={{ key: 'name', direction: 'asc' }}
      onRowClick={(contact) => {
        if (contact.companyId)
          void navigate({ to: '/companies/$companyId', params: { companyId: contact.companyId } });
      }}
      filters={[
        {
          key: 'decisionRole',
          label: t('contact.role'),
          options: DECISION_ROLES.map((value) => ({ value, label: t(`contact.roles.${value}`) })),
        },
        { key: 'ownerId', label: t('company.owner'), options: people },
      ]}
      columns={[
        { key: 'name', title: t('contact.name'), sortable: true },
        { key: 'position', title: t('contact.position') },
        { key: 'emails', title: t('contact.email'), render: (c) => c.emails.join(', ') },
        { key: 'phones', title: t('contact.phone'), render: (c) => c.phones.join(', ') },
        {
          key: 'isDecisionMaker',
          title: t('contact.decisionMaker'),
          render: (c) =>
            c.isDecisionMaker ? <Badge color="grape">{t('contact.decisionMaker')}</Badge> : null,
        },
        { key: 'ownerId', title: t('company.owner'), render: (c) => nameOf(c.ownerId) },
        {
          key: 'updatedAt',
          title: t('company.updatedAt'),
          sortable: true,
          render: (c) => formatDate(c.updatedAt),
        },
      ]}
    />
  );
}
