import { Text, type TextProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a knowledge-base article, styled as Mantine text. */
export function ArticleLink({
  articleId,
  children,
  ...textProps
}: { articleId: string; children: ReactNode } & TextProps) {
  return (
    <Link
      to="/knowledge/$articleId"
      params={{ articleId }}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Text span c="indigo" {...textProps}>
        {children}
      </Text>
    </Link>
  );
}
