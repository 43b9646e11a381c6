import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { createInvitation, type CreatedInvitation } from '../api/identity';
import { useCurrentUser } from '../auth/session';
import { hasRole, ROLES, type Role } from '../auth/types';
import type { Organisation } from '../api/directory';
import { FormError } from '../components/form-error';
import { FixedOrganisation, OrganisationPicker } from '../directory/organisation-picker';

interface InviteDialogProps {
  opened: boolean;
  onClose: () => void;
  onInvited: (invitation: CreatedInvitation) => void;
}

interface FieldErrors {
  email?: string;
  displayName?: string;
  role?: string;
  organisationId?: string;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Invites one person by e-mail. The secretariat may give any role; an organisation's
 * administrator invites members and administrators of their own organisation only.
 */
export function InviteDialog({ opened, onClose, onInvited }: InviteDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('invite.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Re-mounted on every opening, so a new invitation starts from empty fields. */}
      {opened ? <InviteForm onClose={onClose} onInvited={onInvited} /> : null}
    </Modal>
  );
}

function InviteForm({ onClose, onInvited }: Omit<InviteDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isSecretariat = hasRole(user, 'secretariat');
  const roles: readonly Role[] = isSecretariat ? ROLES : ['member', 'org_admin'];
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setFailure(undefined);
    const trimmed = email.trim();
    if (!EMAIL_SHAPE.test(trimmed)) {
      setErrors({ email: t(trimmed ? 'signIn.emailInvalid' : 'signIn.emailRequired') });
      emailRef.current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const invitation = await createInvitation({
        email: trimmed,
        role,
        displayName: displayName.trim() || undefined,
        organisationId: isSecretariat ? organisation?.id : (user.organisationId ?? undefined),
      });
      onInvited(invitation);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'user_exists') {
        setErrors({ email: t('invite.userExists') });
        emailRef.current?.focus();
        return;
      }
      if (error instanceof ApiError && error.code === 'unknown_organisation') {
        setErrors({ organisationId: t('invite.unknownOrganisation') });
        return;
      }
      if (error instanceof ApiError && error.details.length > 0) {
        const found: FieldErrors = {};
        for (const field of ['email', 'displayName', 'role', 'organisationId'] as const) {
          const reasons = error.reasonsFor(field);
          if (reasons.length > 0) found[field] = reasons.join(' ');
        }
        if (Object.keys(found).length > 0) {
          setErrors(found);
          return;
        }
      }
      setFailure(error);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <Stack gap="md">
        <TextInput
          ref={emailRef}
          name="email"
          type="email"
          label={t('invite.email')}
          autoComplete="off"
          inputMode="email"
          spellCheck={false}
          required
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          data-autofocus
        />
        <TextInput
          name="displayName"
          label={t('invite.displayName')}
          description={t('invite.displayNameHint')}
          autoComplete="off"
          value={displayName}
          error={errors.displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
        />
        <NativeSelect
          name="role"
          label={t('invite.role')}
          value={role}
          error={errors.role}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
          data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
        />
        {isSecretariat ? (
          <OrganisationPicker
            label={t('invite.organisation')}
            description={t('invite.organisationHint')}
            value={organisation}
            onChange={setOrganisation}
            error={errors.organisationId}
          />
        ) : user.organisationId ? (
          <FixedOrganisation
            label={t('invite.organisationFixed')}
            description={t('invite.organisationFixedHint')}
            organisationId={user.organisationId}
            error={errors.organisationId}
          />
        ) : null}
        {failure ? <FormError error={failure} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
