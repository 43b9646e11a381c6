import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AnnouncementStatus, RsvpResponse } from '../api/outreach';

// Every badge keeps at least 4.5:1 between its text and its fill (WCAG 2.1 AA for small text).
export const NO_TRUNCATION: BadgeProps['styles'] = {
  root: { flexShrink: 0, width: 'auto', maxWidth: 'none' },
  label: { overflow: 'visible' },
};

const STATUS_STYLE: Record<AnnouncementStatus, { color: string; variant: 'filled' | 'outline' }> = {
  draft: { color: 'gray.9', variant: 'outline' },
  scheduled: { color: 'violet.9', variant: 'filled' },
  published: { color: 'teal.9', variant: 'filled' },
  withdrawn: { color: 'red.9', variant: 'filled' },
};

export function AnnouncementStatusBadge({
  status,
  size = 'md',
}: {
  status: AnnouncementStatus;
  size?: BadgeProps['size'];
}) {
  const { t } = useTranslation();
  const style = STATUS_STYLE[status];
  return (
    <Badge
      size={size}
      color={style.color}
      variant={style.variant}
      bg={style.variant === 'outline' ? '#ffffff' : undefined}
      styles={NO_TRUNCATION}
      data-testid="announcement-status"
    >
      {t(`outreach.status.${status}`)}
    </Badge>
  );
}

/** Colours of the answers, shared by badges, bars and legends. */
export const RSVP_COLOR: Record<RsvpResponse | 'noAnswer', string> = {
  accepted: 'teal.9',
  tentative: 'liaison.7',
  declined: 'gray.7',
  noAnswer: 'gray.3',
};

export function RsvpBadge({ response, size = 'sm' }: { response: RsvpResponse | null; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  if (!response)
    return (
      <Badge size={size} color="gray.9" variant="outline" bg="#ffffff" styles={NO_TRUNCATION}>
        {t('outreach.rsvp.noAnswer')}
      </Badge>
    );
  return (
    <Badge size={size} color={RSVP_COLOR[response]} variant="filled" styles={NO_TRUNCATION}>
      {t(`outreach.rsvp.${response}`)}
    </Badge>
  );
}
