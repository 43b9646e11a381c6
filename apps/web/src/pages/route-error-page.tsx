import { Button, Container, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { Page } from '../components/page';

/** Shown instead of the whole frame when rendering a route throws; the frame may be what broke. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();

  useEffect(() => {
    // Kept in the console for whoever investigates; the user sees only what to do next.
    console.error(error);
  }, [error]);

  return (
    <Container component="main" id="main" size={560} py="xl">
      <Page title={t('routeError.title')}>
        <Text>{t('routeError.body')}</Text>
        <div>
          <Button onClick={() => window.location.reload()}>{t('routeError.reload')}</Button>
        </div>
      </Page>
    </Container>
  );
}
