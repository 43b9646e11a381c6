import { Paper, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnnouncementBody } from './announcement-body';
import { loadMarkdownRenderer } from './markdown';

/** The Markdown being written as recipients will see it, updated while typing. */
export function MarkdownPreview({ source, id }: { source: string; id: string }) {
  const { t } = useTranslation();
  const [render, setRender] = useState<(source: string) => string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadMarkdownRenderer().then(
      (renderer) => {
        if (live) setRender(() => renderer);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const [debounced] = useDebouncedValue(source, 150);
  const html = useMemo(() => (render ? render(debounced) : ''), [render, debounced]);
  return (
    <Paper withBorder p="md" mih={120} component="section" aria-labelledby={id} data-testid="body-preview">
      <Text id={id} size="sm" fw={600} mb="xs">
        {t('compose.preview')}
      </Text>
      {failed ? (
        <Text size="sm" c="dimmed">
          {t('compose.previewUnavailable')}
        </Text>
      ) : !source.trim() ? (
        <Text size="sm" c="dimmed">
          {t('compose.previewEmpty')}
        </Text>
      ) : (
        <AnnouncementBody html={html} />
      )}
    </Paper>
  );
}
