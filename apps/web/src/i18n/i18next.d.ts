import 'i18next';
import type en from './en.json';

// English is the reference catalogue: t() accepts only keys that exist in it.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
