import { Button, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Statement } from '../../contract/motivation.ts';
import { get, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { StatementView } from './StatementView.tsx';

/** One payout statement with the actions its status allows. */
export function StatementPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { statementId } = useParams({ from: '/payouts/$statementId' });
  const statement = useQuery({
    queryKey: ['statement', statementId],
    queryFn: () => get<Statement>(`/payouts/statements/${statementId}`),
  });
  if (!statement.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const s = statement.data;
  const act = async (action: string) => {
    try {
      const next = await post<Statement>(
        `/payouts/statements/${s.id}/${action}`,
        action === 'recompute' ? undefined : { version: s.version },
      );
      client.setQueryData(['statement', statementId], next);
      void client.invalidateQueries({ queryKey: ['payouts'] });
    } catch (error) {
      notifyError(error);
    }
  };
  const mine = s.userId === me.id && !me.roles.includes('admin');
  return (
    <StatementView
      statement={s}
      actions={
        <>
          {s.status === 'draft' && can(me, 'payouts:approve') && (
            <Button size="xs" variant="default" onClick={() => act('recompute')}>
              {t('payouts.recompute')}
            </Button>
          )}
          {s.status === 'draft' && can(me, 'payouts:approve') && !mine && (
            <Button size="xs" onClick={() => act('approve')} data-testid="approve">
              {t('payouts.approve')}
            </Button>
          )}
          {s.status === 'approved' && can(me, 'payouts:approve') && (
            <Button size="xs" variant="default" onClick={() => act('reopen')}>
              {t('payouts.reopen')}
            </Button>
          )}
          {s.status === 'approved' && can(me, 'payouts:lock') && (
            <Button size="xs" color="green" onClick={() => act('lock')} data-testid="lock">
              {t('payouts.lock')}
            </Button>
          )}
        </>
      }
    />
  );
}
