import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const REGIONS = ['Africa', 'Antarctica', 'Asia', 'Europe', 'North America', 'Oceania', 'South America'] as const;
type Region = (typeof REGIONS)[number];
const KEYS: Record<Region, string> = {
  Africa: 'africa',
  Antarctica: 'antarctica',
  Asia: 'asia',
  Europe: 'europe',
  'North America': 'northAmerica',
  Oceania: 'oceania',
  'South America': 'southAmerica',
};

/** A directory region (the server names them in English) in the interface language. */
export function useRegionLabel(): (region: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (region: string) =>
      (REGIONS as readonly string[]).includes(region)
        ? t(`audience.regionNames.${KEYS[region as Region]}` as 'audience.regionNames.europe')
        : region,
    [t],
  );
}
