import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { approveDesignation, proposalsQuery, rejectDesignation, type Designation } from '../api/directory';
import { contactPath, paths } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { CheckIcon, DirectoryIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { localDate } from '../directory/dates';
import { useDirectoryLabels } from '../directory/use-labels';
import { useDisplayNames } from '../directory/use-display-names';

/** /directory/approvals: proposed designations (handovers, org admins' nominations) waiting for a decision. */
export function DirectoryApprovalsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const proposals = useQuery(proposalsQuery);
  const labels = useDirectoryLabels();
  const names = useDisplayNames();
  const format = useDateFormat();
  const [rejecting, setRejecting] = useState<Designation>();
  const [reason, setReason] = useState('');
  const [decided, setDecided] = useState<{ name: string; approved: boolean }>();

  const nameOf = (designation: Designation) => designation.contact?.fullName ?? t('approvals.unnamed');
  const afterDecision = async (designation: Designation, approved: boolean) => {
    setDecided({ name: nameOf(designation), approved });
    await queryClient.invalidateQueries({ queryKey: ['directory'] });
  };
  const approve = useMutation({
    mutationFn: (designation: Designation) => approveDesignation(designation.id),
    onSuccess: (_data, designation) => afterDecision(designation, true),
  });
  const reject = useMutation({
    mutationFn: ({ designation, why }: { designation: Designation; why: string }) =>
      rejectDesignation(designation.id, why || undefined),
    onSuccess: async (_data, { designation }) => {
      setRejecting(undefined);
      await afterDecision(designation, false);
    },
  });

  const items = proposals.data?.items ?? [];

  return (
    <Page title={t('approvals.title')} lead={t('approvals.lead')}>
      <Group gap="sm">
        <Anchor component={Link} to={paths.directory}>
          {t('contact.backToDirectory')}
        </Anchor>
      </Group>
      <div aria-live="polite">
        {decided ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t(decided.approved ? 'approvals.approved' : 'approvals.rejected', { name: decided.name })}
          </Alert>
        ) : null}
        {approve.isError ? <FormError error={approve.error} /> : null}
      </div>
      {proposals.isPending ? (
        <PageLoader label={t('approvals.loading')} />
      ) : proposals.isError ? (
        <QueryError error={proposals.error} retrying={proposals.isFetching} onRetry={() => void proposals.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<DirectoryIcon />} title={t('approvals.emptyTitle')} description={t('approvals.emptyBody')} />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="md" striped>
              <Table.Caption>{t('approvals.caption', { count: items.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('approvals.person')}</Table.Th>
                  <Table.Th scope="col">{t('contact.mandate')}</Table.Th>
                  <Table.Th scope="col">{t('contact.role')}</Table.Th>
                  <Table.Th scope="col">{t('contact.scope')}</Table.Th>
                  <Table.Th scope="col">{t('contact.valid')}</Table.Th>
                  <Table.Th scope="col">{t('contact.nominatingAuthority')}</Table.Th>
                  <Table.Th scope="col">{t('approvals.note')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('approvals.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((designation) => (
                  <Table.Tr key={designation.id}>
                    <Table.Th scope="row" fw={500}>
                      <Anchor component={Link} to={contactPath(designation.contactId)} inherit>
                        {nameOf(designation)}
                      </Anchor>
                      {designation.contact ? <Text size="xs">{designation.contact.organisationName}</Text> : null}
                      {designation.replacesId ? (
                        <Text size="xs" c="dimmed">
                          {t('approvals.handover')}
                        </Text>
                      ) : null}
                    </Table.Th>
                    <Table.Td>{labels.mandate(designation.mandateCode)}</Table.Td>
                    <Table.Td>{t(`directoryValues.role.${designation.role}`)}</Table.Td>
                    <Table.Td>
                      {designation.scope === 'national'
                        ? t('contact.scopeNational', { country: names.country(designation.countryCode) })
                        : t('contact.scopeOrganisational')}
                    </Table.Td>
                    <Table.Td>
                      {t('contact.validFrom', { from: format.date(localDate(designation.validFrom)) })}
                    </Table.Td>
                    <Table.Td>{designation.nominatingAuthority}</Table.Td>
                    <Table.Td>{designation.note ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          loading={approve.isPending && approve.variables?.id === designation.id}
                          onClick={() => {
                            setDecided(undefined);
                            approve.mutate(designation);
                          }}
                          aria-label={t('approvals.approveFor', { name: nameOf(designation) })}
                        >
                          {t('approvals.approve')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => {
                            setDecided(undefined);
                            reject.reset();
                            setReason('');
                            setRejecting(designation);
                          }}
                          aria-label={t('approvals.rejectFor', { name: nameOf(designation) })}
                        >
                          {t('approvals.reject')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Modal
        opened={rejecting !== undefined}
        onClose={() => setRejecting(undefined)}
        title={t('approvals.rejectTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (rejecting) reject.mutate({ designation: rejecting, why: reason.trim() });
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('approvals.rejectBody', { name: rejecting ? nameOf(rejecting) : '' })}</Text>
            <Textarea
              label={t('approvals.reason')}
              description={t('approvals.reasonHint')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              autosize
              minRows={2}
              data-autofocus
            />
            {reject.isError ? <FormError error={reject.error} /> : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setRejecting(undefined)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={reject.isPending}>
                {t('approvals.reject')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Page>
  );
}
