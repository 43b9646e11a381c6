import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPathFor } from '../auth/next-path';
import { useSession } from '../auth/session';
import { hasRole, type Role } from '../auth/types';
import { PageLoader } from '../components/page-loader';
import { ForbiddenPage } from '../pages/forbidden-page';
import { paths } from './paths';

/** Shown while the session is being restored from the refresh cookie. */
export function SessionLoader() {
  const { t } = useTranslation();
  return <PageLoader label={t('session.restoring')} />;
}

/**
 * Everything behind it needs a session: signed-out visitors go to sign-in (and come back
 * afterwards), and users who must enrol in two-step verification stay on the enrolment page.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <SessionLoader />;
  if (session.status === 'signedOut') {
    const keepPlace = session.reason === 'initial' || session.reason === 'expired';
    const to = keepPlace ? signInPathFor(location) : paths.signIn;
    return <Navigate to={to} replace />;
  }
  if (session.user.mfaEnrollmentRequired && location.pathname !== paths.accountMfa) {
    return <Navigate to={paths.accountMfa} replace />;
  }
  return <Outlet />;
}

/** A page only some roles may see; others get an explanation, never the page. */
export function RequireRole({ roles, children }: { roles: Role[]; children?: ReactNode }) {
  const session = useSession();
  if (session.status !== 'signedIn') return null;
  if (!hasRole(session.user, ...roles)) return <ForbiddenPage />;
  return children ?? <Outlet />;
}
