import { Pill, type ComboboxRenderPillInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A picked person in a people picker, with a remove button that says whom it removes. */
export function PersonPill({ option, onRemove }: ComboboxRenderPillInput) {
  const { t } = useTranslation();
  return (
    <Pill
      withRemoveButton
      onRemove={onRemove}
      removeButtonProps={{ 'aria-label': t('threads.unpick', { name: option.label }) }}
    >
      {option.label}
    </Pill>
  );
}
