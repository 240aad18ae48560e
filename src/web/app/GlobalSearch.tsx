import { Group, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GlobalSearchResult } from '../../contract/knowledge.ts';
import { get, query } from '../api/client.ts';
import { Snippet } from '../knowledge/ArticleHtml.tsx';

/** The header's search box: companies, contacts, deals and articles the person may see, grouped. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [opened, { open, close }] = useDisclosure(false);
  const result = useQuery({
    queryKey: ['search', q],
    queryFn: () => get<GlobalSearchResult>(`/search${query({ q })}`),
    enabled: q.length > 0,
    staleTime: 10_000,
  });
  const go = (to: () => void) => {
    close();
    setText('');
    to();
  };
  const data = result.data;
  const empty =
    data && data.companies.length + data.contacts.length + data.deals.length + data.articles.length === 0;

  const item = (key: string, onClick: () => void, title: ReactNode, detail?: ReactNode) => (
    <UnstyledButton
      key={key}
      onClick={() => go(onClick)}
      px="xs"
      py={4}
      style={{ borderRadius: 4 }}
      className="search-hit"
    >
      <Text size="sm">{title}</Text>
      {detail}
    </UnstyledButton>
  );
  const group = (label: string, children: ReactNode[]) =>
    children.length === 0 ? null : (
      <Stack gap={2} key={label}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="xs">
          {label}
        </Text>
        {children}
      </Stack>
    );

  return (
    <Popover
      opened={opened && q.length > 0}
      position="bottom-start"
      width={420}
      shadow="md"
      onChange={(o) => !o && close()}
    >
      <Popover.Target>
        <TextInput
          size="xs"
          w={{ base: 160, sm: 280 }}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          leftSection={<IconSearch size={14} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            open();
          }}
          onFocus={open}
          onBlur={() => setTimeout(close, 200)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
            if (event.key === 'Enter' && q) go(() => void navigate({ to: '/knowledge', search: { q } }));
          }}
        />
      </Popover.Target>
      <Popover.Dropdown
        p="xs"
        data-testid="search-results"
        // Keep the focus in the box while a result is pressed, so the list stays open until the click.
        onMouseDown={(event) => event.preventDefault()}
      >
        <ScrollArea.Autosize mah={460}>
          {empty && (
            <Text size="sm" c="dimmed">
              {t('search.nothing')}
            </Text>
          )}
          {data && (
            <Stack gap="xs">
              {[
                group(
                  t('search.companies'),
                  data.companies.map((c) =>
                    item(
                      c.id,
                      () => void navigate({ to: '/companies/$companyId', params: { companyId: c.id } }),
                      c.name,
                    ),
                  ),
                ),
                group(
                  t('search.contacts'),
                  data.contacts.map((c) =>
                    item(
                      c.id,
                      () =>
                        c.companyId
                          ? void navigate({ to: '/companies/$companyId', params: { companyId: c.companyId } })
                          : void navigate({ to: '/contacts' }),
                      c.name,
                    ),
                  ),
                ),
                group(
                  t('search.deals'),
                  data.deals.map((d) =>
                    item(
                      d.id,
                      () => void navigate({ to: '/deals', search: { deal: d.id } }),
                      d.title,
                      <Text size="xs" c="dimmed">
                        {d.companyName}
                      </Text>,
                    ),
                  ),
                ),
                group(
                  t('search.articles'),
                  data.articles.map((a) =>
                    item(
                      a.id,
                      () => void navigate({ to: '/knowledge/$articleId', params: { articleId: a.id } }),
                      <Group gap={6} component="span">
                        {a.title}
                        <Text span size="xs" c="dimmed">
                          {t(`knowledge.kinds.${a.kind}`)}
                        </Text>
                      </Group>,
                      a.snippet ? <Snippet html={a.snippet} /> : undefined,
                    ),
                  ),
                ),
              ]}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
