import { Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PayoutList, Statement } from '../../contract/motivation.ts';
import { get, query } from '../api/client.ts';
import { type Me, useMe } from '../auth/me.ts';
import { StatementView } from './StatementView.tsx';
import { thisMonth } from './units.ts';

/** A person's own statement for a month: every line with the payment or deal it came from. */
export function MyPay() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const [period, setPeriod] = useState(thisMonth());
  const statement = useQuery({
    queryKey: ['my-pay', period],
    enabled: /^\d{4}-\d{2}$/.test(period),
    queryFn: async () => {
      const list = await get<z.infer<typeof PayoutList>>(`/payouts${query({ period, userId: me.id })}`);
      const own = list.items[0];
      return own ? get<Statement>(`/payouts/statements/${own.id}`) : null;
    },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('payouts.myPay')}</Title>
        <TextInput
          type="month"
          aria-label={t('payouts.period')}
          value={period}
          onChange={(event) => setPeriod(event.currentTarget.value)}
        />
      </Group>
      {statement.data ? (
        <StatementView statement={statement.data} />
      ) : (
        <Text c="dimmed">{t('payouts.none')}</Text>
      )}
    </Stack>
  );
}
