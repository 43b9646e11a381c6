import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from '../pages/account-page';
import { AdminAuditPage } from '../pages/admin-audit-page';
import { AdminPage } from '../pages/admin-page';
import { AdminUsersPage } from '../pages/admin-users-page';
import { AnnouncementEditPage, AnnouncementNewPage } from '../pages/announcement-compose-page';
import { AnnouncementPage } from '../pages/announcement-page';
import { AnnouncementsPage } from '../pages/announcements-page';
import { ConfirmPage } from '../pages/confirm-page';
import { ContactPage } from '../pages/contact-page';
import { CoveragePage } from '../pages/coverage-page';
import { DirectoryApprovalsPage } from '../pages/directory-approvals-page';
import { DirectoryImportPage } from '../pages/directory-import-page';
import { DirectoryPage } from '../pages/directory-page';
import { EventAttendeesPage } from '../pages/event-attendees-page';
import { GroupPage } from '../pages/group-page';
import { GroupsPage } from '../pages/groups-page';
import { InboxPage } from '../pages/inbox-page';
import { InvitationPage } from '../pages/invitation-page';
import { MfaEnrolmentPage } from '../pages/mfa-enrolment-page';
import { MyItemsPage } from '../pages/my-items-page';
import { NotFoundPage } from '../pages/not-found-page';
import { NotificationSettingsPage } from '../pages/notification-settings-page';
import { NotificationsPage } from '../pages/notifications-page';
import { PlanPage } from '../pages/plan-page';
import { PlansPage } from '../pages/plans-page';
import { RouteErrorPage } from '../pages/route-error-page';
import { SessionsPage } from '../pages/sessions-page';
import { SignInPage } from '../pages/sign-in-page';
import { ThreadPage } from '../pages/thread-page';
import { ThreadsPage } from '../pages/threads-page';
import { AppShellLayout } from './app-shell';
import { PublicLayout } from './public-layout';
import { PrivacyPage } from '../pages/privacy-page';
import { paths } from './paths';
import { RequireRole, RequireSession } from './require-session';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        // Pages reachable without an account live outside the frame.
        element: <PublicLayout />,
        children: [
          { path: paths.signIn, element: <SignInPage /> },
          { path: paths.invitation, element: <InvitationPage /> },
          { path: paths.confirm, element: <ConfirmPage /> },
        ],
      },
      {
        element: <AppShellLayout />,
        children: [
          {
            element: <RequireSession />,
            children: [
              { path: paths.home, element: <Navigate to={paths.directory} replace /> },
              { path: paths.directory, element: <DirectoryPage /> },
              { path: paths.directoryContact, element: <ContactPage /> },
              { path: paths.directoryCoverage, element: <CoveragePage /> },
              { path: paths.threads, element: <ThreadsPage /> },
              { path: paths.thread, element: <ThreadPage /> },
              { path: paths.groups, element: <GroupsPage /> },
              { path: paths.group, element: <GroupPage /> },
              { path: paths.plans, element: <PlansPage /> },
              { path: paths.plan, element: <PlanPage /> },
              { path: paths.myItems, element: <MyItemsPage /> },
              { path: paths.announcements, element: <AnnouncementsPage /> },
              { path: paths.announcement, element: <AnnouncementPage /> },
              { path: paths.inbox, element: <InboxPage /> },
              { path: paths.account, element: <AccountPage /> },
              { path: paths.accountMfa, element: <MfaEnrolmentPage /> },
              { path: paths.accountSessions, element: <SessionsPage /> },
              { path: paths.privacy, element: <PrivacyPage /> },
              { path: paths.notifications, element: <NotificationsPage /> },
              { path: paths.notificationSettings, element: <NotificationSettingsPage /> },
              {
                element: <RequireRole roles={['secretariat', 'org_admin']} />,
                children: [
                  { path: paths.admin, element: <AdminPage /> },
                  { path: paths.adminUsers, element: <AdminUsersPage /> },
                  { path: paths.directoryImport, element: <DirectoryImportPage /> },
                  { path: paths.directoryApprovals, element: <DirectoryApprovalsPage /> },
                ],
              },
              {
                element: <RequireRole roles={['secretariat']} />,
                children: [
                  { path: paths.adminAudit, element: <AdminAuditPage /> },
                  { path: paths.announcementNew, element: <AnnouncementNewPage /> },
                  { path: paths.announcementEdit, element: <AnnouncementEditPage /> },
                  { path: paths.eventAttendees, element: <EventAttendeesPage /> },
                ],
              },
            ],
          },
          // Unknown addresses say so whether or not anyone is signed in.
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
