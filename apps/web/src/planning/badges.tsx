import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemStatus, PlanStatus, Priority, Tlp } from '../api/planning';

// Every badge keeps at least 4.5:1 between its text and its fill (WCAG 2.1 AA for small text).
const NO_TRUNCATION: BadgeProps['styles'] = {
  root: { flexShrink: 0, width: 'auto', maxWidth: 'none' },
  label: { overflow: 'visible' },
};

/** TLP 2.0 colours: RED red, AMBER amber on black, GREEN green, CLEAR white with an outline. */
const TLP_STYLE: Record<Tlp, { color: string; c: string; variant: 'filled' | 'outline' }> = {
  RED: { color: '#c92a2a', c: '#ffffff', variant: 'filled' },
  'AMBER+STRICT': { color: '#ffc000', c: '#000000', variant: 'filled' },
  AMBER: { color: '#ffc000', c: '#000000', variant: 'filled' },
  GREEN: { color: '#1f6e30', c: '#ffffff', variant: 'filled' },
  CLEAR: { color: 'gray.9', c: 'gray.9', variant: 'outline' },
};

/** The handling code of a plan ("TLP:AMBER"), with what it means as a tooltip for screen readers too. */
export function TlpBadge({ tlp, size = 'md' }: { tlp: Tlp; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  const style = TLP_STYLE[tlp];
  return (
    <Badge
      size={size}
      radius="sm"
      variant={style.variant}
      color={style.color}
      c={style.c}
      bg={style.variant === 'outline' ? '#ffffff' : undefined}
      title={t(`planning.tlpMeaning.${tlp}`)}
      styles={NO_TRUNCATION}
    >
      {`TLP:${tlp}`}
    </Badge>
  );
}

const STATUS_STYLE: Record<ItemStatus, { color: string; variant: 'filled' | 'outline' }> = {
  not_started: { color: 'gray.7', variant: 'filled' },
  in_progress: { color: 'liaison.7', variant: 'filled' },
  blocked: { color: 'red.9', variant: 'filled' },
  done: { color: 'teal.9', variant: 'filled' },
  cancelled: { color: 'gray.9', variant: 'outline' },
};

export function ItemStatusBadge({ status, size = 'sm' }: { status: ItemStatus; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  const style = STATUS_STYLE[status];
  return (
    <Badge size={size} variant={style.variant} color={style.color} styles={NO_TRUNCATION}>
      {t(`planning.status.${status}`)}
    </Badge>
  );
}

const PLAN_STATUS_COLOR: Record<PlanStatus, string> = {
  draft: 'gray.7',
  active: 'liaison.7',
  completed: 'teal.9',
  archived: 'gray.9',
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant={status === 'archived' ? 'outline' : 'filled'}
      color={PLAN_STATUS_COLOR[status]}
      styles={NO_TRUNCATION}
    >
      {t(`planning.planStatus.${status}`)}
    </Badge>
  );
}

const PRIORITY_STYLE: Record<Priority, { color: string; variant: 'filled' | 'outline' }> = {
  low: { color: 'gray.7', variant: 'outline' },
  normal: { color: 'gray.9', variant: 'outline' },
  high: { color: '#a3400c', variant: 'filled' },
  critical: { color: 'red.9', variant: 'filled' },
};

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  const style = PRIORITY_STYLE[priority];
  return (
    <Badge size="sm" variant={style.variant} color={style.color} styles={NO_TRUNCATION}>
      {t(`planning.priority.${priority}`)}
    </Badge>
  );
}
