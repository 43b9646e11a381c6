import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemStatus } from '../api/planning';
import { ChevronDownIcon } from '../components/icons';

interface MoveMenuProps {
  reference: string;
  targets: ItemStatus[];
  busy?: boolean;
  onMove: (to: ItemStatus) => void;
}

/** The keyboard (and pointer) way to move an item: every status it may go to now. */
export function MoveMenu({ reference, targets, busy = false, onMove }: MoveMenuProps) {
  const { t } = useTranslation();
  if (targets.length === 0) return null;
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="default"
          rightSection={<ChevronDownIcon />}
          loading={busy}
          aria-label={t('planning.moveToFor', { reference })}
        >
          {t('planning.moveTo')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('planning.moveToLabel')}</Menu.Label>
        {targets.map((to) => (
          <Menu.Item key={to} onClick={() => onMove(to)}>
            {t(`planning.status.${to}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
