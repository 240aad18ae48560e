import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { bpToPercent } from './money-input.ts';

const COMMON_RATES = [0, 500, 700, 1000, 2000, 2200];

/** A line's VAT rate: "no VAT" or a rate in per cent (basis points underneath). */
export function VatSelect({
  value,
  onChange,
  defaultRateBp,
  ...props
}: {
  value: number | null;
  onChange: (value: number | null) => void;
  defaultRateBp: number;
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const { t } = useTranslation();
  const rates = [...new Set([...COMMON_RATES, defaultRateBp, ...(value === null ? [] : [value])])].sort(
    (a, b) => a - b,
  );
  return (
    <Select
      allowDeselect={false}
      data={[
        { value: 'none', label: t('invoice.noVat') },
        ...rates.map((bp) => ({ value: String(bp), label: `${bpToPercent(bp)} %` })),
      ]}
      value={value === null ? 'none' : String(value)}
      onChange={(next) => onChange(next === null || next === 'none' ? null : Number(next))}
      {...props}
    />
  );
}
