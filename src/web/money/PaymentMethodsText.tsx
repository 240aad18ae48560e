import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS } from '../../contract/money.ts';

/** The accepted payment methods said plainly, and what is not accepted, as the invoice prints them. */
export function PaymentMethodsText({ methods }: { methods: readonly string[] }) {
  const { t } = useTranslation();
  const name = (method: string) => t(`paymentMethod.${method}`);
  const refused = PAYMENT_METHODS.filter((method) => !methods.includes(method));
  return (
    <Text size="sm" c="dimmed" data-testid="payment-methods">
      {t('invoice.accepted', { methods: methods.map(name).join(', ') || '—' })}
      {refused.length > 0 && ` ${t('invoice.notAccepted', { methods: refused.map(name).join(', ') })}`}
    </Text>
  );
}
