import { Text, type TextProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a company card, styled as Mantine text. */
export function CompanyLink({
  companyId,
  children,
  ...textProps
}: { companyId: string; children: ReactNode } & TextProps) {
  return (
    <Link
      to="/companies/$companyId"
      params={{ companyId }}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Text span c="indigo" {...textProps}>
        {children}
      </Text>
    </Link>
  );
}
