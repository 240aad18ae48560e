import { Alert, Badge, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatementImportResult, StatementLine, StatementPreview } from '../../contract/money.ts';
import { ApiError, post } from '../api/client.ts';
import { formatDay, formatMoneyExact } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { MONEY_QUERY_KEYS } from '../money/money-data.ts';

/**
 * A bank statement (CSV): choose the file, see what each line would do (the client and invoice it
 * matches, duplicates skipped, lines refused and why), then import. The Idempotency-Key is made
 * when the file is chosen, so importing the same choice twice adds nothing; a file imported
 * before adds nothing either, its lines being duplicates, and the result says so.
 */
export function StatementImport() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [key, setKey] = useState<string>('');
  const [preview, setPreview] = useState<StatementPreview | null>(null);
  const [result, setResult] = useState<StatementImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setPreview(null);
    setResult(null);
    setError(null);
    setCsv(null);
    if (!chosen) return;
    if (!/\.(csv|txt)$/i.test(chosen.name)) {
      setError(t('statement.notCsv'));
      return;
    }
    const text = await chosen.text();
    setCsv(text);
    setKey(crypto.randomUUID());
    setBusy(true);
    try {
      setPreview(await post<StatementPreview>('/payments/statement/preview', { csv: text }));
    } catch (problem) {
      setError(problem instanceof ApiError ? problemText(problem) : String(problem));
    } finally {
      setBusy(false);
    }
  };

  const importFile = async () => {
    if (!csv) return;
    setBusy(true);
    try {
      const imported = await post<StatementImportResult>(
        '/payments/statement',
        { csv },
        { 'idempotency-key': key },
      );
      setResult(imported);
      for (const queryKey of MONEY_QUERY_KEYS) void client.invalidateQueries({ queryKey: [...queryKey] });
    } catch (problem) {
      notifyError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('statement.hint')}
      </Text>
      <Group align="flex-end">
        <FileInput
          label={t('statement.file')}
          placeholder={t('statement.choose')}
          accept=".csv,text/csv,text/plain"
          leftSection={<IconFileSpreadsheet size={16} />}
          value={file}
          onChange={(chosen) => void choose(chosen)}
          clearable
          clearButtonProps={{ 'aria-label': t('statement.clear') }}
          w={360}
          error={error}
        />
      </Group>
      {preview && (
        <Stack data-testid="statement-preview">
          <Group gap="xs">
            <Badge variant="light">{t('statement.lines', { count: preview.totals.lines })}</Badge>
            <Badge variant="light" color="green">
              {t('statement.importable', { count: preview.totals.importable })}
            </Badge>
            <Badge variant="light" color="gray">
              {t('statement.duplicates', { count: preview.totals.duplicates })}
            </Badge>
            <Badge variant="light" color="red">
              {t('statement.rejected', { count: preview.totals.rejected })}
            </Badge>
          </Group>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('statement.line')}</Table.Th>
                <Table.Th>{t('payment.receivedOn')}</Table.Th>
                <Table.Th>{t('payment.reference')}</Table.Th>
                <Table.Th>{t('payment.payer')}</Table.Th>
                <Table.Th ta="right">{t('payment.amount')}</Table.Th>
                <Table.Th>{t('statement.matches')}</Table.Th>
                <Table.Th>{t('statement.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.lines.map((line) => (
                <Table.Tr key={line.line} data-testid="statement-line">
                  <Table.Td>{line.line}</Table.Td>
                  <Table.Td>{formatDay(line.receivedOn)}</Table.Td>
                  <Table.Td>{line.bankReference ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{line.payerName || '—'}</Text>
                    {line.payerTaxId && (
                      <Text size="xs" c="dimmed">
                        {t('statement.inn', { inn: line.payerTaxId })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {line.amountMinor !== null && line.currency
                      ? formatMoneyExact(line.amountMinor, line.currency)
                      : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{line.matchedCompanyName ?? t('statement.noClient')}</Text>
                    {line.matchedInvoiceNumber && (
                      <Text size="xs" c="dimmed">
                        {t('statement.paysInvoice', { number: line.matchedInvoiceNumber })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Outcome line={line} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!result && preview.totals.importable === 0 && preview.totals.duplicates > 0 && (
            <Alert color="gray" data-testid="statement-nothing-new">
              {t('statement.allDuplicates')}
            </Alert>
          )}
          {!result && (
            <Group justify="flex-end">
              <Button
                loading={busy}
                disabled={preview.totals.importable === 0}
                onClick={() => void importFile()}
              >
                {t('statement.import', { count: preview.totals.importable })}
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {result && (
        <Alert
          color={result.linesCreated > 0 ? 'green' : 'gray'}
          title={result.linesCreated > 0 ? t('statement.done') : t('statement.nothingNew')}
          data-testid="statement-result"
        >
          {result.replayed
            ? t('statement.replayed')
            : t('statement.summary', {
                created: result.linesCreated,
                duplicates: result.linesDuplicate,
                rejected: result.linesRejected,
              })}
        </Alert>
      )}
    </Stack>
  );
}

function Outcome({ line }: { line: StatementLine }) {
  const { t } = useTranslation();
  if (line.errors.length > 0)
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          {t('statement.willReject')}
        </Badge>
        {line.errors.map((problem) => (
          <Text key={`${problem.field}-${problem.message}`} size="xs" c="red">
            {problem.message}
          </Text>
        ))}
      </Stack>
    );
  if (line.duplicate)
    return (
      <Badge color="gray" variant="light">
        {t('statement.willSkip')}
      </Badge>
    );
  return (
    <Badge color="green" variant="light">
      {line.matchedInvoiceId ? t('statement.willAddAndAllocate') : t('statement.willAdd')}
    </Badge>
  );
}

function problemText(problem: ApiError): string {
  return problem.fields.length > 0 ? problem.fields.map((f) => f.message).join('; ') : problem.detail;
}
