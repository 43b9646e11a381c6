import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Input,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { importContacts, type ImportResult, type ImportRowError } from '../api/directory';
import { paths } from '../app/paths';
import { FormError } from '../components/form-error';
import { CheckIcon, UploadIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';

const MAX_BYTES = 5 * 1024 * 1024;

const COLUMNS = [
  'organisation_id',
  'full_name',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'time_zone',
  'status',
  'visibility',
] as const;

type Outcome =
  | { kind: 'checked'; result: ImportResult }
  | { kind: 'invalid'; rows: number | undefined; errors: ImportRowError[] }
  | { kind: 'imported'; result: ImportResult };

/** Row errors from a 400 invalid_csv: `rowErrors` when given, else parsed from "row 3, emails" details. */
function rowErrorsOf(error: ApiError): ImportRowError[] {
  const raw = error.body.rowErrors ?? error.body.errors;
  if (Array.isArray(raw)) {
    return raw.filter(
      (item): item is ImportRowError =>
        typeof item === 'object' && item !== null && typeof (item as ImportRowError).row === 'number',
    );
  }
  return error.details.map((detail) => {
    const match = /^row\s+(\d+)(?:\s*,\s*(.+))?$/i.exec(detail.field);
    return match
      ? { row: Number(match[1]), column: match[2] ?? '', reasons: detail.reasons }
      : { row: 0, column: detail.field, reasons: detail.reasons };
  });
}

/** /directory/import: a CSV file checked first (nothing written), then imported once it is clean. */
export function DirectoryImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File>();
  // The file's bytes as read when chosen, so a later edit on disk cannot slip past the check.
  const [content, setContent] = useState<Blob>();
  const [fileError, setFileError] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<'check' | 'import'>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0];
    setOutcome(undefined);
    setFailure(undefined);
    setContent(undefined);
    setFile(chosen);
    setFileError(undefined);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setFileError(t('directoryImport.tooLarge'));
      return;
    }
    setContent(new Blob([await chosen.arrayBuffer()], { type: 'text/csv' }));
  };

  const run = async (dryRun: boolean) => {
    if (content === undefined || !file) {
      setFileError(t('directoryImport.chooseFirst'));
      return;
    }
    setFailure(undefined);
    setBusy(dryRun ? 'check' : 'import');
    try {
      const result = await importContacts(content, file.name, dryRun);
      if (result.errors.length > 0) setOutcome({ kind: 'invalid', rows: result.rows, errors: result.errors });
      else setOutcome({ kind: dryRun ? 'checked' : 'imported', result });
      if (!dryRun) await queryClient.invalidateQueries({ queryKey: ['directory'] });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_csv') {
        const rows = typeof error.body.rows === 'number' ? error.body.rows : undefined;
        setOutcome({ kind: 'invalid', rows, errors: rowErrorsOf(error) });
      } else if (error instanceof ApiError && error.code === 'csv_too_large') {
        setFileError(t('directoryImport.tooLarge'));
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(undefined);
    }
  };

  const clean = outcome?.kind === 'checked';

  return (
    <Page title={t('directoryImport.title')} lead={t('directoryImport.lead')}>
      <Group gap="sm">
        <Anchor component={Link} to={paths.directory}>
          {t('contact.backToDirectory')}
        </Anchor>
      </Group>
      <Paper withBorder radius="md" p="lg">
        <Stack gap="md">
          <Input.Wrapper
            id={inputId}
            label={t('directoryImport.file')}
            description={t('directoryImport.fileHint')}
            error={fileError}
          >
            <input
              id={inputId}
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => void onFile(event)}
              aria-describedby={`${inputId}-description${fileError ? ` ${inputId}-error` : ''}`}
              style={{ display: 'block', marginTop: 6 }}
            />
          </Input.Wrapper>
          {file && content !== undefined ? (
            <Text size="sm">{t('directoryImport.chosen', { name: file.name, size: Math.ceil(file.size / 1024) })}</Text>
          ) : null}
          <Group gap="sm">
            <Button
              variant="default"
              onClick={() => void run(true)}
              loading={busy === 'check'}
              disabled={busy === 'import'}
            >
              {t('directoryImport.check')}
            </Button>
            <Button
              leftSection={<UploadIcon />}
              onClick={() => void run(false)}
              loading={busy === 'import'}
              disabled={!clean || busy === 'check'}
            >
              {t('directoryImport.import')}
            </Button>
          </Group>
          {!clean && outcome?.kind !== 'imported' ? (
            <Text size="sm" c="dimmed">
              {t('directoryImport.importAfterCheck')}
            </Text>
          ) : null}
        </Stack>
      </Paper>
      <div aria-live="polite">
        {failure ? <FormError error={failure} /> : null}
        {outcome ? <OutcomeView outcome={outcome} /> : null}
      </div>
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="import-columns">
        <Stack gap="xs">
          <Title order={2} size="h3" id="import-columns">
            {t('directoryImport.columnsTitle')}
          </Title>
          <Text size="sm">{t('directoryImport.columnsBody')}</Text>
          <List size="sm" spacing={4}>
            {COLUMNS.map((column) => (
              <List.Item key={column}>
                <Code>{column}</Code> {t(`directoryImport.columnHelp.${column}`)}
              </List.Item>
            ))}
          </List>
        </Stack>
      </Paper>
    </Page>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'invalid') {
    return (
      <Stack gap="sm">
        <Alert role="alert" color="red" variant="light" icon={<WarningIcon />}>
          <Text size="sm" fw={700}>
            {t('directoryImport.invalidTitle', { count: outcome.errors.length })}
          </Text>
          <Text size="sm">{t('directoryImport.invalidBody')}</Text>
        </Alert>
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" horizontalSpacing="md" striped>
              <Table.Caption>{t('directoryImport.errorsCaption', { count: outcome.errors.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('directoryImport.row')}</Table.Th>
                  <Table.Th scope="col">{t('directoryImport.column')}</Table.Th>
                  <Table.Th scope="col">{t('directoryImport.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outcome.errors.map((error, index) => (
                  <Table.Tr key={`${error.row}-${error.column}-${index}`}>
                    <Table.Th scope="row" fw={500}>
                      {error.row > 0 ? error.row : t('directoryImport.wholeFile')}
                    </Table.Th>
                    <Table.Td>{error.column ? <Code>{error.column}</Code> : '—'}</Table.Td>
                    <Table.Td>{error.reasons.join(' ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </Stack>
    );
  }
  const { result } = outcome;
  return (
    <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
      <Stack gap="xs">
        <Text size="sm" fw={700}>
          {t(outcome.kind === 'checked' ? 'directoryImport.checkedTitle' : 'directoryImport.importedTitle')}
        </Text>
        <Text size="sm">
          {t(outcome.kind === 'checked' ? 'directoryImport.checkedBody' : 'directoryImport.importedBody', {
            count: result.rows,
          })}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <Text size="sm">
            {t(outcome.kind === 'checked' ? 'directoryImport.toCreate' : 'directoryImport.created', {
              count: result.created,
            })}
          </Text>
          <Text size="sm">
            {t(outcome.kind === 'checked' ? 'directoryImport.toUpdate' : 'directoryImport.updated', {
              count: result.updated,
            })}
          </Text>
          <Text size="sm">{t('directoryImport.unchanged', { count: result.unchanged })}</Text>
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}
