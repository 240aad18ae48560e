import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateServiceBody,
  SERVICE_BILLINGS,
  type Service,
  UpdateServiceBody,
} from '../../contract/money.ts';
import { ApiError, applyFieldErrors, del, get, patch, post, query } from '../api/client.ts';
import { FormFooter } from '../app/FormFooter.tsx';
import { formatMoneyExact } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { type Me, useMe } from '../auth/me.ts';
import { bpToPercent, minorToInput, toMinor } from '../money/money-input.ts';

/** Settings → Services: what the workspace sells, one-off or monthly, with price and VAT. */
export function Services() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const services = useQuery({
    queryKey: ['services', { archived }],
    queryFn: () =>
      get<{ items: Service[] }>(`/services${query({ archived: archived || undefined, limit: 500 })}`),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['services'] });
  const archive = async (service: Service) => {
    try {
      if (service.archivedAt) await post(`/services/${service.id}/restore`);
      else await del(`/services/${service.id}`);
      refresh();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Checkbox
          label={t('services.showArchived')}
          checked={archived}
          onChange={(e) => setArchived(e.currentTarget.checked)}
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('services.add')}
        </Button>
      </Group>
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={(services.data?.items.length ?? 0) === 0 ? 150 : undefined}
        noRecordsText={t('services.none')}
        records={services.data?.items ?? []}
        onRowClick={({ record }) => setEditing(record)}
        columns={[
          { accessor: 'name', title: t('services.name') },
          {
            accessor: 'billing',
            title: t('services.billing'),
            render: (s) => <Badge variant="light">{t(`services.billings.${s.billing}`)}</Badge>,
          },
          { accessor: 'unit', title: t('invoice.line.unit') },
          {
            accessor: 'priceMinor',
            title: t('services.price'),
            textAlign: 'right',
            render: (s) => formatMoneyExact(s.priceMinor, s.currency),
          },
          {
            accessor: 'vatRateBp',
            title: t('invoice.line.vat'),
            render: (s) =>
              s.vatRateBp === null ? t('services.vatDefault') : `${bpToPercent(s.vatRateBp)} %`,
          },
          {
            accessor: 'archivedAt',
            title: '',
            render: (s) => (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={(event) => {
                  event.stopPropagation();
                  void archive(s);
                }}
              >
                {s.archivedAt ? t('services.restore') : t('services.archive')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <ServiceModal
          service={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}

function ServiceModal({
  service,
  onClose,
  onSaved,
}: {
  service: Service | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const [formError, setFormError] = useState<string | null>(null);
  const currency0 = service?.currency ?? me.workspace.defaultCurrency;
  const form = useForm({
    initialValues: {
      name: service?.name ?? '',
      description: service?.description ?? '',
      unit: service?.unit ?? t('invoice.defaultUnit'),
      billing: (service?.billing ?? 'one_off') as string,
      price: minorToInput(service?.priceMinor, currency0),
      currency: currency0,
      vatRate: service?.vatRateBp == null ? 'default' : String(service.vatRateBp),
    },
  });
  const place = (field: string, message: string) =>
    form.setFieldError(field === 'priceMinor' ? 'price' : field === 'vatRateBp' ? 'vatRate' : field, message);
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const fields = {
      name: v.name,
      description: v.description,
      unit: v.unit,
      billing: v.billing,
      priceMinor: toMinor(v.price, v.currency) ?? -1,
      currency: v.currency,
      vatRateBp: v.vatRate === 'default' ? null : Number(v.vatRate),
    };
    const body = service ? { ...fields, version: service.version } : fields;
    const checked = (service ? UpdateServiceBody : CreateServiceBody).safeParse(body);
    if (!checked.success) {
      for (const issue of checked.error.issues) place(String(issue.path[0]), issue.message);
      return;
    }
    try {
      if (service) await patch(`/services/${service.id}`, body);
      else await post('/services', body);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error);
      else
        setFormError(
          applyFieldErrors(error, place, [
            'name',
            'description',
            'unit',
            'billing',
            'priceMinor',
            'currency',
            'vatRateBp',
          ]),
        );
    }
  });
  return (
    <Modal opened onClose={onClose} title={service ? t('services.edit') : t('services.add')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('services.name')} required {...form.getInputProps('name')} />
          <Textarea
            label={t('services.description')}
            autosize
            minRows={1}
            {...form.getInputProps('description')}
          />
          <SimpleGrid cols={2}>
            <Select
              label={t('services.billing')}
              allowDeselect={false}
              data={SERVICE_BILLINGS.map((value) => ({ value, label: t(`services.billings.${value}`) }))}
              {...form.getInputProps('billing')}
            />
            <TextInput label={t('invoice.line.unit')} {...form.getInputProps('unit')} />
            <TextInput
              label={t('services.price')}
              inputMode="decimal"
              required
              {...form.getInputProps('price')}
            />
            <TextInput label={t('invoice.currency')} maxLength={3} {...form.getInputProps('currency')} />
          </SimpleGrid>
          <Select
            label={t('invoice.line.vat')}
            allowDeselect={false}
            data={[
              { value: 'default', label: t('services.vatDefault') },
              ...[0, 500, 700, 1000, 2000, 2200].map((bp) => ({
                value: String(bp),
                label: `${bpToPercent(bp)} %`,
              })),
            ]}
            {...form.getInputProps('vatRate')}
          />
          <Text size="xs" c="dimmed">
            {t('services.vatHint')}
          </Text>
          <FormFooter
            error={formError}
            onCancel={onClose}
            submitLabel={t('app.save')}
            submitting={form.submitting}
          />
        </Stack>
      </form>
    </Modal>
  );
}
