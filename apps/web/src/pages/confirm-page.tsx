import { Alert, Anchor, Button, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ParseKeys } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import {
  confirmByToken,
  handoverByToken,
  inspectConfirmationQuery,
  updateByToken,
  type ConfirmationInspection,
} from '../api/directory';
import { paths } from '../app/paths';
import { FormError } from '../components/form-error';
import { CheckIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import {
  ExpertiseInput,
  fieldErrorsFrom,
  fromPhoneDrafts,
  LanguagesInput,
  PhonesEditor,
  TimeZoneSelect,
  toPhoneDrafts,
  type PhoneDraft,
} from '../directory/contact-fields';
import { useDirectoryLabels } from '../directory/use-labels';
import { useDisplayNames } from '../directory/use-display-names';
import { SuccessorFields, useSuccessorForm } from '../directory/successor-form';

/** The token travels in the fragment (#token=…), which browsers never send to a server. */
function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token || undefined;
}

type Outcome = 'confirmed' | 'updated' | 'handedOver';

/** /confirm#token=…: the one-click answer to "is your directory entry still correct?", without signing in. */
export function ConfirmPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const inspection = useQuery({ ...inspectConfirmationQuery(token ?? ''), enabled: token !== undefined });
  // Kept with its token: opening another link in the same tab starts afresh.
  const [answered, setAnswered] = useState<{ token: string; outcome: Outcome }>();

  if (answered && answered.token === token) return <Done outcome={answered.outcome} />;
  if (!token) return <LinkProblem kind="confirmation_link_invalid" />;
  if (inspection.isPending) return <PageLoader label={t('confirm.checking')} />;
  if (inspection.isError) {
    const error = inspection.error;
    if (error instanceof ApiError && [404, 409, 410].includes(error.statusCode)) {
      return <LinkProblem kind={error.code ?? ''} />;
    }
    return (
      <Page title={t('confirm.title')}>
        <QueryError error={error} retrying={inspection.isFetching} onRetry={() => void inspection.refetch()} />
      </Page>
    );
  }
  return (
    <Answer
      key={token}
      token={token}
      inspection={inspection.data}
      onDone={(outcome) => setAnswered({ token, outcome })}
    />
  );
}

const PROBLEMS: Record<string, { title: ParseKeys; body: ParseKeys }> = {
  confirmation_link_invalid: { title: 'confirm.invalid.title', body: 'confirm.invalid.body' },
  confirmation_answered: { title: 'confirm.answered.title', body: 'confirm.answered.body' },
};

function LinkProblem({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const problem = PROBLEMS[kind] ?? PROBLEMS.confirmation_link_invalid!;
  return (
    <Page title={t(problem.title)}>
      <Alert color="orange" variant="light" icon={<WarningIcon />}>
        {t(problem.body)}
      </Alert>
      <Anchor component={Link} to={paths.signIn}>
        {t('confirm.toSignIn')}
      </Anchor>
    </Page>
  );
}

function Done({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return (
    <Page title={t('confirm.thanks')}>
      <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
        {t(`confirm.done.${outcome}`)}
      </Alert>
      <Anchor component={Link} to={paths.signIn}>
        {t('confirm.toSignIn')}
      </Anchor>
    </Page>
  );
}

type Mode = 'choose' | 'update' | 'handover';

function Answer({
  token,
  inspection,
  onDone,
}: {
  token: string;
  inspection: ConfirmationInspection;
  onDone: (outcome: Outcome) => void;
}) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [mode, setMode] = useState<Mode>('choose');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const { contact } = inspection;

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await confirmByToken(token);
      onDone('confirmed');
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };

  return (
    <Page title={t('confirm.title')} lead={t('confirm.lead', { name: contact.fullName })}>
      <Entry inspection={inspection} />
      <Text size="sm">{t('confirm.expires', { date: format.dateTime(inspection.expiresAt) })}</Text>
      {mode === 'choose' ? (
        <Stack gap="sm">
          <Button leftSection={<CheckIcon />} onClick={() => void confirm()} loading={busy}>
            {t('confirm.yes')}
          </Button>
          <Button variant="default" onClick={() => setMode('update')} disabled={busy}>
            {t('confirm.update')}
          </Button>
          <Button variant="default" onClick={() => setMode('handover')} disabled={busy}>
            {t('confirm.left')}
          </Button>
          {failure ? <FormError error={failure} /> : null}
        </Stack>
      ) : mode === 'update' ? (
        <UpdateForm token={token} inspection={inspection} onBack={() => setMode('choose')} onDone={onDone} />
      ) : (
        <HandoverForm token={token} inspection={inspection} onBack={() => setMode('choose')} onDone={onDone} />
      )}
    </Page>
  );
}

/** The entry as the directory shows it, so the person can judge whether it is still true. */
function Entry({ inspection }: { inspection: ConfirmationInspection }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const labels = useDirectoryLabels();
  const { contact, designations } = inspection;
  const rows: { label: string; value: string }[] = [
    { label: t('contact.organisation'), value: contact.organisation.name },
    { label: t('contactEdit.position'), value: contact.position ?? t('contact.none') },
    { label: t('contact.emails'), value: contact.emails.join(', ') || t('contact.none') },
    {
      label: t('contact.phones'),
      value:
        contact.phones
          .map((phone) =>
            t('confirm.phone', { kind: t(`directoryValues.phoneKind.${phone.kind}`), number: phone.number }),
          )
          .join(', ') || t('contact.none'),
    },
    {
      label: t('contact.languages'),
      value: contact.languages.length ? names.list(contact.languages.map(names.language)) : t('contact.none'),
    },
    {
      label: t('contact.expertise'),
      value: contact.expertise.length ? names.list(contact.expertise) : t('contact.none'),
    },
    { label: t('contact.timeZone'), value: contact.timeZone ?? t('contact.none') },
  ];
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="confirm-entry">
      <Stack gap="sm">
        <Title order={2} size="h3" id="confirm-entry">
          {contact.fullName}
        </Title>
        <dl style={{ margin: 0 }}>
          {rows.map((row) => (
            <div key={row.label} style={{ marginBottom: 8 }}>
              <Text component="dt" size="sm" fw={700}>
                {row.label}
              </Text>
              <Text component="dd" size="sm" m={0}>
                {row.value}
              </Text>
            </div>
          ))}
        </dl>
        {designations.length > 0 ? (
          <>
            <Title order={3} size="h4">
              {t('contact.designations')}
            </Title>
            <Stack gap={4} component="ul" m={0} pl="md">
              {designations.map((designation) => (
                <Text component="li" size="sm" key={designation.id}>
                  {t('confirm.designation', {
                    mandate: labels.mandate(designation.mandateCode),
                    role: t(`directoryValues.role.${designation.role}`),
                  })}
                </Text>
              ))}
            </Stack>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

interface FormProps {
  token: string;
  inspection: ConfirmationInspection;
  onBack: () => void;
  onDone: (outcome: Outcome) => void;
}

function UpdateForm({ token, inspection, onBack, onDone }: FormProps) {
  const { t } = useTranslation();
  const { contact } = inspection;
  const [position, setPosition] = useState(contact.position ?? '');
  const [phones, setPhones] = useState<PhoneDraft[]>(() => toPhoneDrafts(contact.phones));
  const [languages, setLanguages] = useState(contact.languages);
  const [expertise, setExpertise] = useState(contact.expertise);
  const [timeZone, setTimeZone] = useState(contact.timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phoneErrors, setPhoneErrors] = useState<Record<number, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    setErrors({});
    setPhoneErrors({});
    setBusy(true);
    try {
      await updateByToken(token, {
        position: position.trim() || null,
        phones: fromPhoneDrafts(phones),
        languages,
        expertise: expertise.map((item) => item.trim()).filter(Boolean),
        timeZone,
      });
      onDone('updated');
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped = fieldErrorsFrom(error.details, 'fields.');
        if (Object.keys(mapped.fields).length > 0 || Object.keys(mapped.phoneRows).length > 0) {
          setErrors(mapped.fields);
          setPhoneErrors(mapped.phoneRows);
          return;
        }
      }
      setFailure(error);
    }
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="confirm-update">
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <Stack gap="md">
          <Title order={2} size="h3" id="confirm-update">
            {t('confirm.updateTitle')}
          </Title>
          <Text size="sm">{t('confirm.updateBody')}</Text>
          <TextInput
            label={t('contactEdit.position')}
            value={position}
            error={errors.position}
            onChange={(event) => setPosition(event.currentTarget.value)}
            data-autofocus
          />
          <PhonesEditor value={phones} onChange={setPhones} error={errors.phones} rowErrors={phoneErrors} />
          <LanguagesInput value={languages} onChange={setLanguages} error={errors.languages} />
          <ExpertiseInput value={expertise} onChange={setExpertise} error={errors.expertise} />
          <TimeZoneSelect value={timeZone} onChange={setTimeZone} error={errors.timeZone} />
          {failure ? <FormError error={failure} /> : null}
          <Button type="submit" loading={busy}>
            {t('confirm.saveUpdate')}
          </Button>
          <Button variant="default" onClick={onBack}>
            {t('confirm.back')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function HandoverForm({ token, inspection, onBack, onDone }: FormProps) {
  const { t } = useTranslation();
  const colleagues = inspection.colleagues ?? [];
  const form = useSuccessorForm('new', async (input) => {
    await handoverByToken(token, input);
    onDone('handedOver');
  });

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="confirm-handover">
      <form noValidate onSubmit={(event) => void form.onSubmit(event)}>
        <Stack gap="md">
          <Title order={2} size="h3" id="confirm-handover">
            {t('confirm.handoverTitle')}
          </Title>
          <Text size="sm">{t('confirm.handoverBody')}</Text>
          {colleagues.length > 0 ? (
            <Radio.Group
              label={t('confirm.successorIs')}
              value={form.who}
              onChange={(value) => form.setWho(value === 'colleague' ? 'colleague' : 'new')}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="colleague" label={t('confirm.successorColleague')} />
                <Radio value="new" label={t('confirm.successorNew')} />
              </Stack>
            </Radio.Group>
          ) : null}
          <SuccessorFields form={form} colleagues={colleagues} autoFocusName />
          {form.failure ? <FormError error={form.failure} /> : null}
          <Button type="submit" loading={form.busy}>
            {t('confirm.handover')}
          </Button>
          <Button variant="default" onClick={onBack}>
            {t('confirm.back')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
