import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Grid,
  Group,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconChevronRight,
  IconConfetti,
  IconPhone,
  IconUserCheck,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../contract/knowledge.ts';
import type { QueueItem } from '../../contract/sales-flow.ts';
import { get } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDateTime } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { ArticleHtml } from '../knowledge/ArticleHtml.tsx';
import { ArticleLink } from '../knowledge/ArticleLink.tsx';
import { useLinkedArticles } from '../knowledge/LinkedInstructions.tsx';
import { CallStats } from './CallStats.tsx';
import { useNextCall } from './next-call.ts';
import { type HandOff, OutcomePanel } from './OutcomePanel.tsx';

/**
 * Tier 1's working page (DOMAIN.md §2.2): the next call with everything needed to make it — the
 * company, whom to ring, what happened before, the script — and one click per outcome.
 */
export function CallQueue() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const next = useNextCall();
  const [handOff, setHandOff] = useState<HandOff | null>(null);
  const item = next.data?.item;

  const onRecorded = (result: HandOff | null) => {
    if (result) setHandOff(result);
    void client.invalidateQueries({ queryKey: ['call-queue'] });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('nav.queue')}</Title>
        {item && (
          <Badge size="lg" variant="light" data-testid="calls-remaining">
            {t('queue.remaining', { count: item.remaining })}
          </Badge>
        )}
      </Group>
      <CallStats />
      {handOff && <HandOffResult handOff={handOff} onClose={() => setHandOff(null)} />}
      {next.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : item ? (
        <NextCall key={item.id} item={item} onRecorded={onRecorded} />
      ) : (
        <Card withBorder p="xl" data-testid="queue-empty">
          <Stack align="center" gap="xs">
            <ThemeIcon size={48} radius="xl" color="green" variant="light">
              <IconConfetti size={28} />
            </ThemeIcon>
            <Title order={3}>{t('queue.emptyTitle')}</Title>
            <Text c="dimmed" ta="center">
              {t('queue.emptyText')}
            </Text>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function HandOffResult({ handOff, onClose }: { handOff: HandOff; onClose: () => void }) {
  const { t } = useTranslation();
  const { nameOf } = usePeople();
  return (
    <Alert
      color={handOff.assigneeId ? 'green' : 'orange'}
      icon={<IconUserCheck size={18} />}
      withCloseButton
      closeButtonLabel={t('app.close')}
      onClose={onClose}
      data-testid="handoff-result"
      title={
        handOff.assigneeId
          ? t('queue.handedTo', { company: handOff.companyName, name: nameOf(handOff.assigneeId) })
          : t('queue.handedToInbox', { company: handOff.companyName })
      }
    >
      {handOff.explanation && <Text size="sm">{handOff.explanation}</Text>}
    </Alert>
  );
}

function NextCall({ item, onRecorded }: { item: QueueItem; onRecorded: (handOff: HandOff | null) => void }) {
  const { t } = useTranslation();
  const [scriptOpen, { toggle: toggleScript }] = useDisclosure(false);
  const { company } = item;
  const facts: [string, string | null][] = [
    [t('company.region'), company.region],
    [t('company.industry'), company.industry],
    [t('company.taxId'), company.taxId],
  ];
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Card withBorder data-testid="next-call">
            <Group justify="space-between" align="flex-start">
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {item.callListName}
                  {item.attempts > 0 ? ` · ${t('queue.attempt', { count: item.attempts + 1 })}` : ''}
                </Text>
                <Title order={3}>
                  <CompanyLink companyId={company.id} inherit>
                    {company.name}
                  </CompanyLink>
                </Title>
                {company.legalName && (
                  <Text size="sm" c="dimmed">
                    {company.legalName}
                  </Text>
                )}
              </Stack>
              <Badge variant="light">{t(`status.${company.status}`, { defaultValue: company.status })}</Badge>
            </Group>
            <Group gap="xl" mt="sm">
              {facts.map(([label, value]) => (
                <Stack gap={0} key={label}>
                  <Text size="xs" c="dimmed">
                    {label}
                  </Text>
                  <Text size="sm">{value || '—'}</Text>
                </Stack>
              ))}
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('company.domain')}
                </Text>
                {company.domain ? (
                  <Anchor size="sm" href={`https://${company.domain}`} target="_blank" rel="noreferrer">
                    {company.domain}
                  </Anchor>
                ) : (
                  <Text size="sm">—</Text>
                )}
              </Stack>
            </Group>
          </Card>
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('company.contacts')}
            </Title>
            <Stack gap="sm" data-testid="call-contacts">
              {item.contacts.length === 0 && <Text c="dimmed">{t('queue.noContacts')}</Text>}
              {item.contacts.map((contact) => (
                <Group key={contact.id} justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={0}>
                    <Group gap="xs">
                      <Text fw={500}>{contact.name}</Text>
                      {contact.isDecisionMaker && (
                        <Badge size="xs" color="grape">
                          {t('contact.decisionMaker')}
                        </Badge>
                      )}
                      {contact.id === item.contactId && (
                        <Badge size="xs" variant="outline">
                          {t('queue.toCall')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {[contact.position, ...contact.emails].filter(Boolean).join(' · ')}
                    </Text>
                  </Stack>
                  <Stack gap={2} align="flex-end">
                    {contact.phones.map((phone) => (
                      <Anchor key={phone} href={`tel:${phone}`} size="sm">
                        <Group gap={4} wrap="nowrap">
                          <IconPhone size={14} />
                          {phone}
                        </Group>
                      </Anchor>
                    ))}
                  </Stack>
                </Group>
              ))}
            </Stack>
          </Card>
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('queue.history')}
            </Title>
            {item.history.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('queue.noHistory')}
              </Text>
            ) : (
              <Stack gap="xs">
                {item.history.map((entry) => (
                  <Stack key={entry.id} gap={0}>
                    <Text size="sm">
                      <Text span fw={500}>
                        {t(`activity.types.${entry.type}`, { defaultValue: entry.type })}
                      </Text>
                      {' · '}
                      {entry.subject}
                      {entry.outcome ? ` — ${entry.outcome}` : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(entry.occurredAt)}
                      {entry.authorName ? ` · ${entry.authorName}` : ''}
                    </Text>
                  </Stack>
                ))}
              </Stack>
            )}
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          <OutcomePanel item={item} onRecorded={onRecorded} />
          <CallScriptArticles callListId={item.callListId} />
          {item.script && (
            <Card withBorder>
              <Button
                variant="subtle"
                px={0}
                style={{ alignSelf: 'flex-start' }}
                onClick={toggleScript}
                aria-expanded={scriptOpen}
                aria-controls="call-script"
                leftSection={scriptOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              >
                {t('queue.script')}
              </Button>
              <Collapse expanded={scriptOpen} id="call-script">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt="xs">
                  {item.script}
                </Text>
              </Collapse>
            </Card>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** The knowledge-base articles linked to the call list as its script, shown in full beside the call. */
function CallScriptArticles({ callListId }: { callListId: string }) {
  const linked = useLinkedArticles('call_list', callListId);
  const first = linked.data?.items[0];
  const article = useQuery({
    queryKey: ['article', first?.id],
    queryFn: () => get<Article>(`/knowledge/articles/${first?.id}`),
    enabled: Boolean(first),
  });
  if (!article.data) return null;
  return (
    <Card withBorder data-testid="call-script-article">
      <ArticleLink articleId={article.data.id} fw={600}>
        {article.data.title}
      </ArticleLink>
      <ArticleHtml html={article.data.html} />
    </Card>
  );
}
