import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import {
  CONTACT_STATUSES,
  mandatesQuery,
  ORGANISATION_KINDS,
  VISIBILITIES,
  type ContactStatus,
  type OrganisationKind,
  type Visibility,
} from '../api/directory';

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/** Names for the directory's coded values, in the interface language (mandates as the server names them). */
export function useDirectoryLabels() {
  const { t } = useTranslation();
  // Public pages (the confirmation link) have no session to ask with; codes are shown readably instead.
  const signedIn = useSession().status === 'signedIn';
  const mandates = useQuery({ ...mandatesQuery, enabled: signedIn });
  const mandateNames = useMemo(
    () => new Map((mandates.data ?? []).map((mandate) => [mandate.code, mandate.name])),
    [mandates.data],
  );
  const kind = useCallback(
    (value: string) =>
      isOneOf<OrganisationKind>(ORGANISATION_KINDS, value) ? t(`directoryValues.kind.${value}`) : value,
    [t],
  );
  const status = useCallback(
    (value: string) => (isOneOf<ContactStatus>(CONTACT_STATUSES, value) ? t(`directoryValues.status.${value}`) : value),
    [t],
  );
  const visibility = useCallback(
    (value: string) => (isOneOf<Visibility>(VISIBILITIES, value) ? t(`directoryValues.visibility.${value}`) : value),
    [t],
  );
  const mandate = useCallback((code: string) => mandateNames.get(code) ?? readableCode(code), [mandateNames]);
  /** Mandate codes in the order the secretariat set. */
  const mandateOrder = useMemo(
    () => new Map((mandates.data ?? []).map((item) => [item.code, item.sortOrder])),
    [mandates.data],
  );
  return { kind, status, visibility, mandate, mandateOrder };
}

/** victim_identification → Victim identification */
function readableCode(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
