import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceSummary } from '../../contract/money.ts';

const COLORS: Record<InvoiceSummary['status'], string> = {
  draft: 'gray',
  sent: 'blue',
  partially_paid: 'yellow',
  paid: 'green',
  overdue: 'red',
  cancelled: 'dark',
};

/** An invoice's status as a coloured badge; an overdue one says so whatever its stored status. */
export function InvoiceStatusBadge({ invoice }: { invoice: Pick<InvoiceSummary, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  const status = invoice.overdue ? 'overdue' : invoice.status;
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="invoice-status">
      {t(`invoice.status.${status}`)}
    </Badge>
  );
}
