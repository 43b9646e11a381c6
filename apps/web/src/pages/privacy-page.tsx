import { Alert, Button, Checkbox, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  erasuresQuery,
  personalData,
  retentionQuery,
  setRetention,
  type PersonalDataExport,
  type RetentionItem,
  type RetentionKind,
} from '../api/privacy';
import { ConfirmItIsYouDialog } from '../auth/confirm-it-is-you';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { FormError } from '../components/form-error';
import { CheckIcon, DownloadIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { type DataContext, ErasureCounts } from '../directory/erase-dialog';

const FIELD: Record<RetentionKind, 'auditEventsDays' | 'deliveriesDays' | 'messagesDays'> = {
  audit_events: 'auditEventsDays',
  deliveries: 'deliveriesDays',
  messages: 'messagesDays',
};

/** /privacy: what Liaison keeps and for how long, a person's own data, and the secretariat's settings. */
export function PrivacyPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const retention = useQuery(retentionQuery);
  const isSecretariat = hasRole(user, 'secretariat');
  return (
    <Page title={t('privacy.title')} lead={t('privacy.lead')}>
      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('privacy.keptTitle')}
          </Title>
          {retention.isPending ? <PageLoader label={t('privacy.loading')} /> : null}
          {retention.isError ? <QueryError error={retention.error} onRetry={() => void retention.refetch()} /> : null}
          {retention.data ? <KeptTable items={retention.data.items} /> : null}
          <Text size="sm">{t('privacy.encrypted')}</Text>
          <Text size="sm">{t('privacy.erasure')}</Text>
        </Stack>
      </Paper>
      <MyData />
      {isSecretariat && retention.data ? <RetentionForm items={retention.data.items} /> : null}
      {isSecretariat ? <Erasures /> : null}
    </Page>
  );
}

function KeptTable({ items }: { items: RetentionItem[] }) {
  const { t } = useTranslation();
  const period = (kind: RetentionKind) => {
    const days = items.find((i) => i.kind === kind)?.days ?? null;
    return days === null ? t('privacy.untilDeleted') : t('privacy.days', { count: days });
  };
  const rows: [string, string][] = [
    [t('privacy.kept.account'), t('privacy.kept.accountPeriod')],
    [t('privacy.kept.directory'), t('privacy.kept.directoryPeriod')],
    [t('privacy.kept.messages'), period('messages')],
    [t('privacy.kept.deliveries'), period('deliveries')],
    [t('privacy.kept.audit'), period('audit_events')],
  ];
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('privacy.kept.what')}</Table.Th>
            <Table.Th scope="col">{t('privacy.kept.howLong')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([what, howLong]) => (
            <Table.Tr key={what}>
              <Table.Th scope="row" fw={400}>
                {what}
              </Table.Th>
              <Table.Td>{howLong}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Downloads everything held about the person as JSON and shows what it holds. */
function MyData() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [result, setResult] = useState<PersonalDataExport>();
  const download = useMutation({
    mutationFn: personalData,
    onSuccess: (data) => {
      setResult(data);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `liaison-personal-data-${data.generatedAt.slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h3">
          {t('privacy.myDataTitle')}
        </Title>
        <Text size="sm">{t('privacy.myDataIntro')}</Text>
        <Button leftSection={<DownloadIcon />} loading={download.isPending} onClick={() => download.mutate()}>
          {t('privacy.download')}
        </Button>
        {download.isError ? <FormError error={download.error} /> : null}
        <div aria-live="polite">
          {result ? (
            <Stack gap="xs">
              <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
                {t('privacy.downloaded', { date: format.dateTime(result.generatedAt) })}
              </Alert>
              <Title order={3} size="h4">
                {t('privacy.summaryTitle')}
              </Title>
              <Table>
                <Table.Tbody>
                  {Object.entries(result.summary).flatMap(([context, counts]) =>
                    Object.entries(counts).map(([item, n]) => (
                      <Table.Tr key={`${context}.${item}`}>
                        <Table.Th scope="row" fw={400}>
                          {t(`privacy.contexts.${context as DataContext}`)} ·{' '}
                          {t(`privacy.items.${item}`, { defaultValue: item })}
                        </Table.Th>
                        <Table.Td>{n}</Table.Td>
                      </Table.Tr>
                    )),
                  )}
                </Table.Tbody>
              </Table>
            </Stack>
          ) : null}
        </div>
      </Stack>
    </Paper>
  );
}

/** The secretariat sets how long the workspace keeps each kind of record. */
function RetentionForm({ items }: { items: RetentionItem[] }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  // Shorter periods remove records for good: the server asks for the password again first.
  const [proving, setProving] = useState(false);
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(
    () => Object.fromEntries(items.map((i) => [i.kind, i.days])) as Record<RetentionKind, number | null>,
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      setRetention(
        Object.fromEntries(items.map((i) => [FIELD[i.kind], values[i.kind]])) as Parameters<typeof setRetention>[0],
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(retentionQuery.queryKey, data);
      setSaved(true);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'reauthentication_required') setProving(true);
    },
  });
  const needsProof = save.error instanceof ApiError && save.error.code === 'reauthentication_required';
  const fieldError = (kind: RetentionKind) =>
    save.error instanceof ApiError ? save.error.reasonsFor(FIELD[kind]).join(' ') || undefined : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <Paper withBorder radius="md" p="lg">
      <form noValidate onSubmit={submit}>
        <Stack gap="md" maw={560}>
          <Title order={2} size="h3">
            {t('privacy.retentionTitle')}
          </Title>
          <Text size="sm">{t('privacy.retentionIntro')}</Text>
          {items.map((item) => {
            const forever = values[item.kind] === null;
            return (
              <Stack key={item.kind} gap={4}>
                <NumberInput
                  name={FIELD[item.kind]}
                  label={t(`privacy.retention.${item.kind}`)}
                  description={[
                    t('privacy.minimum', { count: item.minimumDays }),
                    item.lastRunAt
                      ? t('privacy.lastRun', { date: format.dateTime(item.lastRunAt), count: item.lastRemoved ?? 0 })
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  min={item.minimumDays}
                  max={36500}
                  allowDecimal={false}
                  disabled={forever}
                  suffix={` ${t('privacy.daysUnit')}`}
                  value={values[item.kind] ?? ''}
                  error={fieldError(item.kind)}
                  onChange={(v) => {
                    setSaved(false);
                    setValues((prev) => ({ ...prev, [item.kind]: typeof v === 'number' ? v : null }));
                  }}
                />
                <Checkbox
                  label={t('privacy.keepUntilDeleted')}
                  checked={forever}
                  onChange={(event) => {
                    setSaved(false);
                    const checked = event.currentTarget.checked;
                    setValues((prev) => ({ ...prev, [item.kind]: checked ? null : Math.max(item.minimumDays, 365) }));
                  }}
                />
              </Stack>
            );
          })}
          {save.isError && !needsProof && !(save.error instanceof ApiError && save.error.details?.length) ? (
            <FormError error={save.error} />
          ) : null}
          <div aria-live="polite">
            {saved ? (
              <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
                {t('privacy.retentionSaved')}
              </Alert>
            ) : null}
          </div>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('privacy.retentionSave')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmItIsYouDialog
        opened={proving}
        onClose={() => setProving(false)}
        intro={t('privacy.retentionConfirmIntro')}
        submitLabel={t('privacy.retentionConfirmAndSave')}
        withCode={user.mfaEnabled}
        busy={save.isPending}
        onConfirmed={() => {
          setProving(false);
          save.mutate();
        }}
      />
    </Paper>
  );
}

function Erasures() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const erasures = useQuery(erasuresQuery);
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('privacy.erasuresTitle')}
        </Title>
        {erasures.isPending ? <PageLoader label={t('privacy.loading')} /> : null}
        {erasures.isError ? <QueryError error={erasures.error} onRetry={() => void erasures.refetch()} /> : null}
        {erasures.data && erasures.data.items.length === 0 ? <Text size="sm">{t('privacy.noErasures')}</Text> : null}
        {erasures.data?.items.map((e) => (
          <Stack key={e.id} gap={2}>
            <Text fw={600}>
              {e.pseudonym} · {format.dateTime(e.erasedAt)}
            </Text>
            <Text size="sm">{e.reason}</Text>
            <ErasureCounts counts={e.counts} />
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
