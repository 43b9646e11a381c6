import { useTranslation } from 'react-i18next';
import classes from './skip-link.module.css';

/** First tab stop on every page; jumps past the header and navigation to <main id="main">. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      href="#main"
      className={classes.link}
      onClick={(event) => {
        // Focusing main directly works in every browser and leaves the router's URL alone.
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}
    >
      {t('app.skipToContent')}
    </a>
  );
}
