import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type JourneyMap, SLOT_ROLES, type SlotAssignment, type Touchpoint } from '../../contract/journey.ts';
import { ApiError, applyFieldErrors, del, get, patch, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

const SLOTS = ['responsible', 'communicator', 'support'] as const;

/** Admins and heads shape the map: stages and touchpoints, their order and their three roles. */
export function JourneyMapEditor() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const map = useQuery({ queryKey: ['journey'], queryFn: () => get<JourneyMap>('/journey') });
  const [editing, setEditing] = useState<{ stageId: string; touchpoint: Touchpoint | null } | null>(null);
  const { nameOf } = usePeople();
  const stages = map.data?.stages ?? [];
  const setMap = (next: JourneyMap) => {
    client.setQueryData(['journey'], next);
    void client.invalidateQueries({ queryKey: ['journey'] });
  };
  const run = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      notifyError(error);
    }
  };
  const move = <T extends { id: string }>(items: T[], index: number, by: number) => {
    const ids = items.map((item) => item.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    return ids;
  };
  const applyTemplate = () =>
    run(async () => {
      const replace = stages.length > 0;
      if (replace && !window.confirm(t('journey.replaceTemplate'))) return;
      const locale = i18n.language === 'en' ? 'en' : 'ru';
      const result = await post<{ stages: number; touchpoints: number }>('/journey/template', {
        locale,
        replace,
      });
      notifications.show({ color: 'green', message: t('journey.templateApplied', result) });
      setMap(await get<JourneyMap>('/journey'));
    });
  const addStage = () =>
    run(async () => {
      const name = window.prompt(t('journey.name'));
      if (name?.trim()) setMap(await post<JourneyMap>('/journey/stages', { name: name.trim() }));
    });
  const renameStage = (stage: JourneyMap['stages'][number]) =>
    run(async () => {
      const name = window.prompt(t('journey.name'), stage.name);
      if (name?.trim())
        setMap(
          await patch<JourneyMap>(`/journey/stages/${stage.id}`, {
            version: stage.version,
            name: name.trim(),
          }),
        );
    });
  const slotText = (slot: SlotAssignment) =>
    slot.role === null ? '—' : slot.role === 'person' ? nameOf(slot.userId) : t(`journey.roles.${slot.role}`);

  return (
    <Stack>
      <Group>
        <Button variant="light" onClick={applyTemplate}>
          {t('journey.applyTemplate')}
        </Button>
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={addStage}>
          {t('journey.addStage')}
        </Button>
      </Group>
      {stages.map((stage, stageIndex) => (
        <Card withBorder key={stage.id}>
          <Group justify="space-between" mb="xs">
            <Title order={5}>
              {stageIndex + 1}. {stage.name}
            </Title>
            <Group gap={4}>
              <ActionIcon
                variant="subtle"
                aria-label={t('journey.up')}
                disabled={stageIndex === 0}
                onClick={() =>
                  run(async () =>
                    setMap(
                      await post<JourneyMap>('/journey/stages/order', { ids: move(stages, stageIndex, -1) }),
                    ),
                  )
                }
              >
                <IconArrowUp size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                aria-label={t('journey.down')}
                disabled={stageIndex === stages.length - 1}
                onClick={() =>
                  run(async () =>
                    setMap(
                      await post<JourneyMap>('/journey/stages/order', { ids: move(stages, stageIndex, 1) }),
                    ),
                  )
                }
              >
                <IconArrowDown size={16} />
              </ActionIcon>
              <ActionIcon variant="subtle" aria-label={t('app.edit')} onClick={() => renameStage(stage)}>
                <IconEdit size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('app.delete')}
                onClick={() =>
                  run(async () => {
                    if (window.confirm(t('journey.confirmDelete', { name: stage.name })))
                      setMap(await del<JourneyMap>(`/journey/stages/${stage.id}`));
                  })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Group>
          <Stack gap={4}>
            {stage.touchpoints.map((tp, index) => (
              <Group key={tp.id} justify="space-between" wrap="nowrap">
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    {tp.name}{' '}
                    <Text span size="xs" c="dimmed">
                      · {t('journey.days', { count: tp.expectedDays })}
                    </Text>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {SLOTS.map((slot) => `${t(`journey.slots.${slot}`)}: ${slotText(tp[slot])}`).join(' · ')}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  {tp.articles.length > 0 && (
                    <Badge size="xs" variant="light">
                      {t('knowledge.instructions')}: {tp.articles.length}
                    </Badge>
                  )}
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('journey.up')}
                    disabled={index === 0}
                    onClick={() =>
                      run(async () =>
                        setMap(
                          await post<JourneyMap>(`/journey/stages/${stage.id}/touchpoints/order`, {
                            ids: move(stage.touchpoints, index, -1),
                          }),
                        ),
                      )
                    }
                  >
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('journey.down')}
                    disabled={index === stage.touchpoints.length - 1}
                    onClick={() =>
                      run(async () =>
                        setMap(
                          await post<JourneyMap>(`/journey/stages/${stage.id}/touchpoints/order`, {
                            ids: move(stage.touchpoints, index, 1),
                          }),
                        ),
                      )
                    }
                  >
                    <IconArrowDown size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('app.edit')}
                    onClick={() => setEditing({ stageId: stage.id, touchpoint: tp })}
                  >
                    <IconEdit size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('app.delete')}
                    onClick={() =>
                      run(async () => {
                        if (!window.confirm(t('journey.confirmDelete', { name: tp.name }))) return;
                        await del(`/journey/touchpoints/${tp.id}`);
                        setMap(await get<JourneyMap>('/journey'));
                      })
                    }
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              </Group>
            ))}
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              w="fit-content"
              onClick={() => setEditing({ stageId: stage.id, touchpoint: null })}
            >
              {t('journey.addTouchpoint')}
            </Button>
          </Stack>
        </Card>
      ))}
      {editing && (
        <TouchpointModal
          stageId={editing.stageId}
          touchpoint={editing.touchpoint}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            setMap(await get<JourneyMap>('/journey'));
          }}
        />
      )}
    </Stack>
  );
}

interface Values {
  name: string;
  description: string;
  expectedDays: number | string;
  responsibleRole: string | null;
  responsibleUserId: string | null;
  communicatorRole: string | null;
  communicatorUserId: string | null;
  supportRole: string | null;
  supportUserId: string | null;
}

function TouchpointModal({
  stageId,
  touchpoint,
  onClose,
  onSaved,
}: {
  stageId: string;
  touchpoint: Touchpoint | null;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { options: people } = usePeople();
  const form = useForm<Values>({
    initialValues: {
      name: touchpoint?.name ?? '',
      description: touchpoint?.description ?? '',
      expectedDays: touchpoint?.expectedDays ?? 1,
      responsibleRole: touchpoint?.responsible.role ?? null,
      responsibleUserId: touchpoint?.responsible.userId ?? null,
      communicatorRole: touchpoint?.communicator.role ?? null,
      communicatorUserId: touchpoint?.communicator.userId ?? null,
      supportRole: touchpoint?.support.role ?? null,
      supportUserId: touchpoint?.support.userId ?? null,
    },
  });
  const roleOptions = SLOT_ROLES.map((value) => ({ value, label: t(`journey.roles.${value}`) }));
  const submit = form.onSubmit(async (values) => {
    const slot = (name: (typeof SLOTS)[number]) => ({
      role: values[`${name}Role`],
      userId: values[`${name}Role`] === 'person' ? values[`${name}UserId`] : null,
    });
    const body = {
      name: values.name,
      description: values.description,
      expectedDays: Number(values.expectedDays),
      responsible: slot('responsible'),
      communicator: slot('communicator'),
      support: slot('support'),
    };
    try {
      if (touchpoint)
        await patch(`/journey/touchpoints/${touchpoint.id}`, { ...body, version: touchpoint.version });
      else await post('/journey/touchpoints', { ...body, stageId });
      await onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error);
      else if (applyFieldErrors(error, form.setFieldError, ['name', 'description', 'expectedDays']))
        notifyError(error);
    }
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={touchpoint?.name ?? t('journey.addTouchpoint')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('journey.name')} required {...form.getInputProps('name')} />
          <Textarea
            label={t('journey.description')}
            autosize
            minRows={2}
            {...form.getInputProps('description')}
          />
          <NumberInput
            label={t('journey.expectedDays')}
            min={0}
            max={3650}
            {...form.getInputProps('expectedDays')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {SLOTS.map((slot) => (
              <Stack gap="xs" key={slot}>
                <Select
                  label={t(`journey.slots.${slot}`)}
                  data={roleOptions}
                  clearable
                  {...form.getInputProps(`${slot}Role`)}
                />
                {form.values[`${slot}Role`] === 'person' && (
                  <Select
                    label={t('journey.person')}
                    data={people}
                    searchable
                    required
                    {...form.getInputProps(`${slot}UserId`)}
                  />
                )}
              </Stack>
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
