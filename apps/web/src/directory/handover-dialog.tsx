import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { colleaguesQuery, handoverContact, type ContactDetail, type HandoverResult } from '../api/directory';
import { FormError } from '../components/form-error';
import { SuccessorFields, useSuccessorForm } from './successor-form';

interface HandoverDialogProps {
  contact: ContactDetail;
  /** The viewer is the contact themself (otherwise one of their organisation's admins). */
  own: boolean;
  opened: boolean;
  onClose: () => void;
  onDone: (result: HandoverResult) => void;
}

/** "I have left": the contact departs and their designations are proposed for a successor. */
export function HandoverDialog({ contact, own, opened, onClose, onDone }: HandoverDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={own ? t('handover.titleOwn') : t('handover.title', { name: contact.fullName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <HandoverForm contact={contact} own={own} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function HandoverForm({ contact, own, onClose, onDone }: Omit<HandoverDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const colleagues = useQuery(colleaguesQuery(contact));
  const form = useSuccessorForm('colleague', async (input) => onDone(await handoverContact(contact.id, input)));

  return (
    <form noValidate onSubmit={(event) => void form.onSubmit(event)}>
      <Stack gap="md">
        <Text size="sm">{own ? t('handover.bodyOwn') : t('handover.body', { name: contact.fullName })}</Text>
        <Radio.Group
          label={t('confirm.successorIs')}
          value={form.who}
          onChange={(value) => form.setWho(value === 'new' ? 'new' : 'colleague')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="colleague" label={t('confirm.successorColleague')} />
            <Radio value="new" label={t('confirm.successorNew')} />
          </Stack>
        </Radio.Group>
        <SuccessorFields
          form={form}
          colleagues={colleagues.data ?? []}
          colleagueSelect={{
            description:
              colleagues.data && colleagues.data.length === 0
                ? t('handover.noColleagues')
                : t('handover.colleagueHint', { organisation: contact.organisation.name }),
            placeholder: colleagues.isPending ? t('handover.colleaguesLoading') : undefined,
            required: true,
            nothingFoundMessage: t('handover.noColleagueMatches'),
          }}
        />
        <div aria-live="assertive">
          {form.failure ? <FormError error={form.failure} /> : null}
          {colleagues.isError ? <FormError error={colleagues.error} /> : null}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red.9" loading={form.busy}>
            {t('confirm.handover')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
