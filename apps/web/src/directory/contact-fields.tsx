import { Button, Group, Input, MultiSelect, NativeSelect, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PHONE_KINDS, type Phone, type PhoneKind } from '../api/directory';
import { useDisplayNames } from './use-display-names';

/** Languages offered in pickers: the EU's official languages first, then others common in the network. */
const LANGUAGE_CODES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
  'ar',
  'be',
  'bs',
  'ca',
  'cy',
  'eu',
  'fa',
  'gl',
  'he',
  'hi',
  'hy',
  'is',
  'ja',
  'ka',
  'ko',
  'lb',
  'mk',
  'no',
  'ru',
  'sq',
  'sr',
  'tr',
  'uk',
  'ur',
  'zh',
];

/** A phone row while it is being edited: the number as typed. */
export interface PhoneDraft {
  number: string;
  kind: PhoneKind;
}

export const toPhoneDrafts = (phones: readonly Phone[]): PhoneDraft[] =>
  phones.map((phone) => ({ number: phone.number, kind: phone.kind }));

/** Drops empty rows and spaces inside numbers (+48 600 100 200 → +48600100200). */
export const fromPhoneDrafts = (drafts: readonly PhoneDraft[]): Phone[] =>
  drafts
    .map((draft) => ({ number: draft.number.replace(/[\s().-]/g, ''), kind: draft.kind }))
    .filter((phone) => phone.number !== '');

interface PhonesEditorProps {
  value: PhoneDraft[];
  onChange: (value: PhoneDraft[]) => void;
  /** Errors per row (index → message), and one for the whole list. */
  rowErrors?: Record<number, string>;
  error?: string;
  description?: string;
}

/** Phone numbers with their kind; rows are added and removed with buttons, all keyboard-reachable. */
export function PhonesEditor({ value, onChange, rowErrors = {}, error, description }: PhonesEditorProps) {
  const { t } = useTranslation();
  const groupId = useId();
  const update = (index: number, patch: Partial<PhoneDraft>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Input.Wrapper
      id={groupId}
      label={t('contactFields.phones')}
      description={description ?? t('contactFields.phonesHint')}
      error={error}
      labelElement="div"
    >
      <Stack gap="xs" mt={6} role="group" aria-labelledby={`${groupId}-label`}>
        {value.map((row, index) => (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <NativeSelect
              aria-label={t('contactFields.phoneKindLabel', { index: index + 1 })}
              value={row.kind}
              onChange={(event) => update(index, { kind: event.currentTarget.value as PhoneKind })}
              data={PHONE_KINDS.map((kind) => ({ value: kind, label: t(`directoryValues.phoneKind.${kind}`) }))}
              w={130}
            />
            <TextInput
              aria-label={t('contactFields.phoneNumberLabel', { index: index + 1 })}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder={t('contactFields.phonePlaceholder')}
              value={row.number}
              error={rowErrors[index]}
              onChange={(event) => update(index, { number: event.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Button
              variant="default"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
              aria-label={t('contactFields.removePhone', { index: index + 1 })}
            >
              {t('contactFields.remove')}
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange([...value, { number: '', kind: 'work' }])}>
            {t('contactFields.addPhone')}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

export function LanguagesInput({
  value,
  onChange,
  error,
  description,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  description?: string;
}) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const data = useMemo(() => {
    const codes = [...new Set([...value, ...LANGUAGE_CODES])];
    return codes
      .map((code) => ({ value: code, label: names.language(code) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [names, value]);
  return (
    <MultiSelect
      label={t('contactFields.languages')}
      description={description ?? t('contactFields.languagesHint')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      hidePickedOptions
      error={error}
      nothingFoundMessage={t('contactFields.noLanguage')}
    />
  );
}

export function ExpertiseInput({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <TagsInput
      label={t('contactFields.expertise')}
      description={t('contactFields.expertiseHint')}
      value={value}
      onChange={onChange}
      error={error}
      clearable={false}
      splitChars={[',', ';']}
    />
  );
}

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

export function TimeZoneSelect({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const data = useMemo(() => (value && !TIME_ZONES.includes(value) ? [value, ...TIME_ZONES] : TIME_ZONES), [value]);
  return (
    <Select
      label={t('contactFields.timeZone')}
      description={t('contactFields.timeZoneHint')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      limit={50}
      error={error}
      nothingFoundMessage={t('contactFields.noTimeZone')}
      clearButtonProps={{ 'aria-label': t('contactFields.clearTimeZone') }}
    />
  );
}

/**
 * Field errors from a 400's details, keyed by the top-level field (`emails.1` → emails),
 * with per-row messages for the phone list.
 */
export function fieldErrorsFrom(
  details: readonly { field: string; reasons: string[] }[],
  prefix = '',
): { fields: Record<string, string>; phoneRows: Record<number, string> } {
  const fields: Record<string, string> = {};
  const phoneRows: Record<number, string> = {};
  for (const detail of details) {
    const field = prefix && detail.field.startsWith(prefix) ? detail.field.slice(prefix.length) : detail.field;
    const root = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
    const message = detail.reasons.join(' ');
    // Nested fields come as `phones.1.number` (the validation pipe) or `phones[1].number`.
    const row = /^phones(?:\[(\d+)\]|\.(\d+))/.exec(field);
    const rowIndex = row?.[1] ?? row?.[2];
    if (rowIndex !== undefined) {
      const index = Number(rowIndex);
      phoneRows[index] = phoneRows[index] ? `${phoneRows[index]} ${message}` : message;
      continue;
    }
    fields[root] = fields[root] ? `${fields[root]} ${message}` : message;
  }
  return { fields, phoneRows };
}
