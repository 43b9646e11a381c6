import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import {
  confirmContact,
  contactHistoryQuery,
  contactQuery,
  downloadContactVcard,
  endDesignation,
  myEntryQuery,
  type ContactDetail,
  type Designation,
  type HandoverResult,
} from '../api/directory';
import { messagingApi } from '../api/messaging';
import { contactPath, paths } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { CheckIcon, DirectoryIcon, DownloadIcon, InfoIcon, ThreadsIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { ContactEditDialog } from '../directory/contact-edit-dialog';
import { localDate } from '../directory/dates';
import { DesignateDialog } from '../directory/designate-dialog';
import { EraseDialog } from '../directory/erase-dialog';
import { HandoverDialog } from '../directory/handover-dialog';
import { useDirectoryLabels } from '../directory/use-labels';
import { useDisplayNames } from '../directory/use-display-names';
import { useFileDownload } from '../directory/use-file-download';

/** /directory/contacts/:id: one person, their designations, and what the viewer may do with the entry. */
export function ContactPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const contact = useQuery(contactQuery(id));

  if (contact.isPending) return <PageLoader label={t('contact.loading')} />;
  if (contact.isError) {
    if (contact.error instanceof ApiError && contact.error.statusCode === 404) return <ContactNotFound />;
    return (
      <Page title={t('contact.titleFallback')}>
        <QueryError error={contact.error} retrying={contact.isFetching} onRetry={() => void contact.refetch()} />
      </Page>
    );
  }
  return <ContactView contact={contact.data} />;
}

function ContactNotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('contact.notFoundTitle')}>
      <Text>{t('contact.notFoundBody')}</Text>
      <Anchor component={Link} to={paths.directory}>
        {t('contact.backToDirectory')}
      </Anchor>
    </Page>
  );
}

function ContactView({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const downloads = useFileDownload();
  const labels = useDirectoryLabels();
  const [editing, setEditing] = useState(false);
  const location = useLocation();
  const [notice, setNotice] = useState<
    'saved' | 'confirmed' | 'created' | 'designated' | 'proposed' | 'ended' | undefined
  >(() => ((location.state as { created?: boolean } | null)?.created ? 'created' : undefined));
  const [designating, setDesignating] = useState(false);
  const [handingOver, setHandingOver] = useState(false);
  const [handedOver, setHandedOver] = useState<HandoverResult>();
  const [ending, setEnding] = useState<Designation>();
  const [erasing, setErasing] = useState(false);
  const [erasedAs, setErasedAs] = useState<string>();
  const myEntry = useQuery(myEntryQuery);
  const navigate = useNavigate();
  // The person behind the entry, if they have an account: they can be written to, encrypted.
  const primaryEmail = contact.emails[0];
  const accountQuery = useQuery({
    queryKey: ['people', 'email', primaryEmail],
    queryFn: () => messagingApi.people({ email: primaryEmail! }),
    enabled: Boolean(primaryEmail),
    staleTime: 60_000,
  });
  const account = accountQuery.data?.items[0];
  const isSelf = contact.emails.includes(user.email.toLowerCase());
  const isOwnEntry = myEntry.data?.contactId === contact.id;
  const isSecretariat = hasRole(user, 'secretariat');
  // The secretariat designates; the organisation's admins propose, and end their own organisation's.
  const managesDesignations =
    isSecretariat || (hasRole(user, 'org_admin') && user.organisationId === contact.organisation.id);
  const canDesignate = managesDesignations && contact.status !== 'departed';
  // The secretariat erases a departed person's data; an erased entry carries a pseudonym (`∅ 7KQ2F`).
  const canErase = isSecretariat && contact.status === 'departed' && !contact.fullName.startsWith('∅');
  const canHandOver = contact.rights.confirm && contact.status !== 'departed' && (isOwnEntry || managesDesignations);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: contactQuery(contact.id).queryKey });
    void queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'search'] });
    void queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'history', contact.id] });
    void queryClient.invalidateQueries({ queryKey: ['directory', 'coverage'] });
    void queryClient.invalidateQueries({ queryKey: ['directory', 'points-of-contact'] });
  };

  const end = useMutation({
    mutationFn: (id: string) => endDesignation(id),
    onSuccess: async () => {
      await refresh();
      setEnding(undefined);
      setNotice('ended');
    },
  });

  const confirm = useMutation({
    mutationFn: () => confirmContact(contact.id),
    onSuccess: async (updated) => {
      queryClient.setQueryData(contactQuery(contact.id).queryKey, updated);
      setNotice('confirmed');
      await queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'search'] });
      void queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'history', contact.id] });
    },
  });

  const lead = contact.position
    ? t('contact.lead', { position: contact.position, organisation: contact.organisation.name })
    : contact.organisation.name;

  return (
    <Page title={contact.fullName} lead={lead}>
      <Group gap="sm">
        <Anchor component={Link} to={paths.directory}>
          {t('contact.backToDirectory')}
        </Anchor>
      </Group>
      <Group gap="sm">
        {contact.rights.confirm ? (
          <Button
            leftSection={<CheckIcon />}
            loading={confirm.isPending}
            onClick={() => {
              setNotice(undefined);
              confirm.mutate();
            }}
          >
            {t('contact.confirm')}
          </Button>
        ) : null}
        {contact.rights.edit ? (
          <Button
            variant="default"
            onClick={() => {
              setNotice(undefined);
              setEditing(true);
            }}
          >
            {t(isSelf ? 'contact.editOwn' : 'contact.edit')}
          </Button>
        ) : null}
        {canDesignate ? (
          <Button
            variant="default"
            onClick={() => {
              setNotice(undefined);
              setDesignating(true);
            }}
          >
            {t('contact.designate')}
          </Button>
        ) : null}
        {canHandOver ? (
          <Button
            variant="default"
            onClick={() => {
              setNotice(undefined);
              setHandedOver(undefined);
              setHandingOver(true);
            }}
          >
            {t(isOwnEntry ? 'contact.handoverOwn' : 'contact.handover')}
          </Button>
        ) : null}
        {account && account.id !== user.id ? (
          <Button
            variant="default"
            leftSection={<ThreadsIcon />}
            onClick={() => void navigate(paths.threads, { state: { startWith: account } })}
          >
            {t('contact.startThread')}
          </Button>
        ) : null}
        <Button
          variant="default"
          leftSection={<DownloadIcon />}
          loading={downloads.busy('vcard')}
          onClick={() =>
            downloads.start({
              id: 'vcard',
              fetch: () => downloadContactVcard(contact.id),
              fallbackName: `${contact.fullName.replace(/[^\p{L}\p{N}]+/gu, '-')}.vcf`,
            })
          }
        >
          {t('contact.downloadVcard')}
        </Button>
        {canErase ? (
          <Button
            variant="outline"
            color="red.8"
            onClick={() => {
              setNotice(undefined);
              setErasing(true);
            }}
          >
            {t('privacy.erase.open')}
          </Button>
        ) : null}
      </Group>
      <div aria-live="polite">
        {notice === 'confirmed' ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t('contact.confirmed', { date: format.dateTime(contact.lastConfirmedAt) })}
          </Alert>
        ) : null}
        {notice === 'saved' ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t('contact.saved')}
          </Alert>
        ) : null}
        {notice === 'created' || notice === 'designated' || notice === 'proposed' || notice === 'ended' ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t(`contact.notice.${notice}`)}
          </Alert>
        ) : null}
        {handedOver ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            <Stack gap={4} align="flex-start">
              <Text size="sm">{t('contact.notice.handedOver', { count: handedOver.proposals.length })}</Text>
              <Anchor component={Link} to={contactPath(handedOver.successorId)} size="sm">
                {t('contact.notice.successorLink')}
              </Anchor>
            </Stack>
          </Alert>
        ) : null}
        {erasedAs ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t('privacy.erase.done', { pseudonym: erasedAs })}
          </Alert>
        ) : null}
        {confirm.isError ? <FormError error={confirm.error} /> : null}
        {downloads.error ? <FormError error={downloads.error} /> : null}
      </div>
      {contact.stale || contact.confirmationOpen ? (
        <Alert color="orange" variant="light" icon={<WarningIcon />}>
          {contact.stale ? <Text size="sm">{t('contact.staleNotice')}</Text> : null}
          {contact.confirmationOpen ? <Text size="sm">{t('contact.confirmationOpen')}</Text> : null}
        </Alert>
      ) : null}
      {contact.rights.history ? (
        <Tabs defaultValue="details" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="details">{t('contact.tabDetails')}</Tabs.Tab>
            <Tabs.Tab value="history">{t('contact.tabHistory')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="details" pt="lg">
            <Details contact={contact} onEnd={managesDesignations ? setEnding : undefined} />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="lg">
            <History contactId={contact.id} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <Details contact={contact} onEnd={managesDesignations ? setEnding : undefined} />
      )}
      <ContactEditDialog
        contact={contact}
        opened={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          setNotice('saved');
        }}
      />
      {canErase || erasing ? (
        <EraseDialog
          contact={contact}
          opened={erasing}
          onClose={() => setErasing(false)}
          onErased={(erasure) => {
            setErasing(false);
            setErasedAs(erasure.pseudonym);
            void refresh();
          }}
        />
      ) : null}
      <DesignateDialog
        contact={contact}
        decides={isSecretariat}
        opened={designating}
        onClose={() => setDesignating(false)}
        onDone={(designation) => {
          setDesignating(false);
          setNotice(designation.status === 'active' ? 'designated' : 'proposed');
          void refresh();
        }}
      />
      <HandoverDialog
        contact={contact}
        own={isOwnEntry}
        opened={handingOver}
        onClose={() => setHandingOver(false)}
        onDone={(result) => {
          setHandingOver(false);
          setHandedOver(result);
          void refresh();
          void queryClient.invalidateQueries({ queryKey: ['directory', 'me'] });
        }}
      />
      <ConfirmDialog
        opened={ending !== undefined}
        title={t('contact.endTitle')}
        confirmLabel={t('contact.endConfirm')}
        danger
        busy={end.isPending}
        error={end.isError ? <FormError error={end.error} /> : undefined}
        onConfirm={() => ending && end.mutate(ending.id)}
        onClose={() => {
          setEnding(undefined);
          end.reset();
        }}
      >
        {ending
          ? t('contact.endBody', {
              name: contact.fullName,
              mandate: labels.mandate(ending.mandateCode),
              role: t(`directoryValues.role.${ending.role}`),
            })
          : null}
      </ConfirmDialog>
    </Page>
  );
}

function Details({ contact, onEnd }: { contact: ContactDetail; onEnd?: (designation: Designation) => void }) {
  const { t } = useTranslation();
  const labels = useDirectoryLabels();
  const names = useDisplayNames();
  const format = useDateFormat();
  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="lg">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('contact.reach')}
            </Title>
            <Fact label={t('contact.emails')}>
              {contact.emails.length > 0 ? (
                <List listStyleType="none" spacing={2} size="sm">
                  {contact.emails.map((email) => (
                    <List.Item key={email}>
                      <Anchor href={`mailto:${email}`} underline="always">
                        {email}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              ) : (
                t('contact.none')
              )}
            </Fact>
            <Fact label={t('contact.phones')}>
              {contact.phones.length > 0 ? (
                <List listStyleType="none" spacing={2} size="sm">
                  {contact.phones.map((phone) => (
                    <List.Item key={`${phone.kind}-${phone.number}`}>
                      {t('contact.phoneLine', { kind: t(`directoryValues.phoneKind.${phone.kind}`) })}{' '}
                      <Anchor href={`tel:${phone.number}`} underline="always">
                        {phone.number}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              ) : (
                t('contact.none')
              )}
            </Fact>
            <Fact label={t('contact.languages')}>
              {contact.languages.length > 0 ? names.list(contact.languages.map(names.language)) : t('contact.none')}
            </Fact>
            <Fact label={t('contact.timeZone')}>
              {contact.timeZone ? <LocalTime timeZone={contact.timeZone} /> : t('contact.none')}
            </Fact>
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="lg">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('contact.about')}
            </Title>
            <Fact label={t('contact.organisation')}>
              {contact.organisation.name}
              {contact.organisation.acronym
                ? ` ${t('directory.acronym', { acronym: contact.organisation.acronym })}`
                : ''}
              <Text size="sm" c="dimmed">
                {t('directory.countryAndKind', {
                  country: contact.countryCode ? names.country(contact.countryCode) : t('directory.international'),
                  kind: labels.kind(contact.organisation.kind),
                })}
              </Text>
            </Fact>
            <Fact label={t('contact.expertise')}>
              {contact.expertise.length > 0 ? (
                <Group gap={6}>
                  {contact.expertise.map((item) => (
                    <Badge key={item} variant="outline" color="gray.8" tt="none">
                      {item}
                    </Badge>
                  ))}
                </Group>
              ) : (
                t('contact.none')
              )}
            </Fact>
            <Fact label={t('contact.status')}>
              <Badge
                color={contact.status === 'active' ? 'teal.9' : contact.status === 'departed' ? 'red.9' : 'gray.7'}
                variant="filled"
              >
                {labels.status(contact.status)}
              </Badge>
            </Fact>
            <Fact label={t('contact.whoCanSee')}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <InfoIcon />
                <span>{t(`directoryValues.visibilityLong.${contact.visibility}`)}</span>
              </Group>
            </Fact>
            <Fact label={t('contact.lastConfirmed')}>
              <Group gap="xs">
                <span>{format.date(contact.lastConfirmedAt)}</span>
                {contact.stale ? (
                  <Badge color="orange.3" variant="filled" autoContrast>
                    {t('directory.stale')}
                  </Badge>
                ) : null}
              </Group>
            </Fact>
          </Stack>
        </Paper>
      </SimpleGrid>
      <Designations designations={contact.designations} onEnd={onEnd} />
    </Stack>
  );
}

/** A labelled fact as a description-list pair. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <dl style={{ margin: 0 }}>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </dl>
  );
}

/** The contact's time zone and the time it is there now, refreshed every half minute. */
function LocalTime({ timeZone }: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  let time: string | undefined;
  try {
    time = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(now);
  } catch {
    time = undefined;
  }
  return <>{time ? t('contact.localTime', { zone: timeZone, time }) : timeZone}</>;
}

function Designations({
  designations,
  onEnd,
}: {
  designations: Designation[];
  onEnd?: (designation: Designation) => void;
}) {
  const { t } = useTranslation();
  const labels = useDirectoryLabels();
  const names = useDisplayNames();
  const format = useDateFormat();
  return (
    <Stack gap="sm" component="section" aria-labelledby="contact-designations">
      <Title order={2} size="h3" id="contact-designations">
        {t('contact.designations')}
      </Title>
      {designations.length === 0 ? (
        <Text size="sm">{t('contact.noDesignations')}</Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer
            minWidth={720}
            // On a phone the table scrolls sideways: the keyboard must reach it too.
            scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-labelledby': 'contact-designations' } }}
          >
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('contact.mandate')}</Table.Th>
                  <Table.Th scope="col">{t('contact.role')}</Table.Th>
                  <Table.Th scope="col">{t('contact.scope')}</Table.Th>
                  <Table.Th scope="col">{t('contact.valid')}</Table.Th>
                  <Table.Th scope="col">{t('contact.nominatingAuthority')}</Table.Th>
                  <Table.Th scope="col">{t('contact.designationStatus')}</Table.Th>
                  {onEnd ? <Table.Th scope="col">{t('contact.designationActions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {designations.map((designation) => (
                  <Table.Tr key={designation.id}>
                    <Table.Th scope="row" fw={500}>
                      {labels.mandate(designation.mandateCode)}
                    </Table.Th>
                    <Table.Td>{t(`directoryValues.role.${designation.role}`)}</Table.Td>
                    <Table.Td>
                      {designation.scope === 'national'
                        ? t('contact.scopeNational', { country: names.country(designation.countryCode) })
                        : t('contact.scopeOrganisational')}
                    </Table.Td>
                    <Table.Td>
                      {designation.validTo
                        ? t('contact.validRange', {
                            from: format.date(localDate(designation.validFrom)),
                            to: format.date(localDate(designation.validTo)),
                          })
                        : t('contact.validFrom', { from: format.date(localDate(designation.validFrom)) })}
                    </Table.Td>
                    <Table.Td>{designation.nominatingAuthority}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant={designation.status === 'active' ? 'filled' : 'outline'}
                        color={designation.status === 'active' ? 'teal.9' : 'gray.8'}
                      >
                        {t(`directoryValues.designationStatus.${designation.status}`)}
                      </Badge>
                    </Table.Td>
                    {onEnd ? (
                      <Table.Td>
                        {designation.status === 'active' ? (
                          <Button
                            variant="default"
                            size="compact-sm"
                            aria-label={t('contact.endLabel', {
                              mandate: labels.mandate(designation.mandateCode),
                              role: t(`directoryValues.role.${designation.role}`),
                            })}
                            onClick={() => onEnd(designation)}
                          >
                            {t('contact.end')}
                          </Button>
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}

function History({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const format = useDateFormat();
  const history = useQuery(contactHistoryQuery(contactId));
  if (history.isPending) return <PageLoader label={t('contact.historyLoading')} />;
  if (history.isError) {
    return <QueryError error={history.error} retrying={history.isFetching} onRetry={() => void history.refetch()} />;
  }
  if (history.data.items.length === 0) {
    return (
      <EmptyState
        icon={<DirectoryIcon />}
        title={t('contact.historyEmptyTitle')}
        description={t('contact.historyEmptyBody')}
      />
    );
  }
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer
        minWidth={640}
        scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': t('contact.tabHistory') } }}
      >
        <Table verticalSpacing="sm" horizontalSpacing="md" striped>
          <Table.Caption>{t('contact.historyCaption', { count: history.data.items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('contact.historyAt')}</Table.Th>
              <Table.Th scope="col">{t('contact.historyAction')}</Table.Th>
              <Table.Th scope="col">{t('contact.historyBy')}</Table.Th>
              <Table.Th scope="col">{t('contact.historyChanges')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.items.map((change) => (
              <Table.Tr key={change.id}>
                <Table.Th scope="row" fw={500}>
                  {format.dateTime(change.at)}
                </Table.Th>
                <Table.Td>
                  <Code>{change.action}</Code>
                </Table.Td>
                <Table.Td>
                  {change.actorId === null
                    ? t('contact.historySystem')
                    : change.actorId === user.id
                      ? t('contact.historyYou')
                      : change.actorId.slice(0, 8)}
                </Table.Td>
                <Table.Td>
                  <List size="sm" spacing={2}>
                    {Object.entries(change.changes).map(([field, { from, to }]) => (
                      <List.Item key={field}>
                        {t('contact.historyChange', {
                          field,
                          from: shown(from, t('contact.none')),
                          to: shown(to, t('contact.none')),
                        })}
                      </List.Item>
                    ))}
                  </List>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function shown(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value
      .map((item) =>
        typeof item === 'object' && item !== null && 'number' in item
          ? String((item as { number: unknown }).number)
          : String(item),
      )
      .join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
