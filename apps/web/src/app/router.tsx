import { createBrowserRouter, Navigate } from 'react-router';
import { AdminPage } from '../pages/admin-page';
import { AnnouncementsPage } from '../pages/announcements-page';
import { DirectoryPage } from '../pages/directory-page';
import { NotFoundPage } from '../pages/not-found-page';
import { PlansPage } from '../pages/plans-page';
import { RouteErrorPage } from '../pages/route-error-page';
import { SignInPage } from '../pages/sign-in-page';
import { ThreadsPage } from '../pages/threads-page';
import { AppShellLayout } from './app-shell';
import { PublicLayout } from './public-layout';
import { paths } from './paths';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        // Pages reachable without an account live outside the frame.
        element: <PublicLayout />,
        children: [{ path: paths.signIn, element: <SignInPage /> }],
      },
      {
        element: <AppShellLayout />,
        children: [
          { path: paths.home, element: <Navigate to={paths.directory} replace /> },
          { path: paths.directory, element: <DirectoryPage /> },
          { path: paths.threads, element: <ThreadsPage /> },
          { path: paths.plans, element: <PlansPage /> },
          { path: paths.announcements, element: <AnnouncementsPage /> },
          { path: paths.admin, element: <AdminPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
