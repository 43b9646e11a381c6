import { logUrl } from './log-url.js';

describe('URLs in the logs', () => {
  it('keeps no secret that travels in a URL', () => {
    const token = 'Zx9_kQ2-v8LmN3pR5tW7yA1bC4dE6fG0hJ2kL4mN6pQ';
    expect(logUrl(`/api/v1/calendar-feeds/${token}.ics`)).toBe('/api/v1/calendar-feeds/[redacted]');
    expect(logUrl(`/api/v1/calendar-feeds/${token}%2Eics`)).not.toContain(token);
    expect(logUrl(`/api/v1/calendar-feeds/${token}`)).not.toContain(token);
    expect(logUrl(`/api/v1/calendar-feeds/${token}.ics?x=1`)).not.toContain(token);
    expect(logUrl(`/invitations?token=${token}&lang=pl`)).toBe('/invitations?token=[redacted]&lang=pl');
    expect(logUrl(`/sso?state=1&CODE=${token}`)).toBe('/sso?state=1&CODE=[redacted]');
    // What is not a secret stays readable.
    expect(logUrl('/api/v1/calendar-feeds/5f0c2f6e-6a57-4f7c-9d0b-8f5d2c1a3b4e')).toBe(
      '/api/v1/calendar-feeds/5f0c2f6e-6a57-4f7c-9d0b-8f5d2c1a3b4e',
    );
  });
});
