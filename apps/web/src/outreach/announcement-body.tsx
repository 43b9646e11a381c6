import { Typography } from '@mantine/core';
import classes from './announcement-body.module.css';

/** An announcement's text: HTML rendered from Markdown and sanitised (by the server, or by the preview). */
export function AnnouncementBody({ html, label }: { html: string; label?: string }) {
  return (
    <Typography>
      {/* The only HTML shown as HTML; it never comes from anywhere but the sanitiser. */}
      <div
        className={classes.body}
        aria-label={label}
        role={label ? 'region' : undefined}
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </Typography>
  );
}
