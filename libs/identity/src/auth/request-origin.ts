import type { Request } from 'express';
import type { RequestOrigin } from '../sessions/sessions.service.js';

/** A short, human description of the browser or client ("Chrome on Linux"). */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : (userAgent.split(/[/ ]/)[0] ?? 'Client').slice(0, 40);
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return os ? `${browser} on ${os}` : browser;
}

export const originOf = (req: Request): RequestOrigin => ({
  ip: req.ip ?? null,
  device: describeDevice(req.header('user-agent')),
  userAgent: req.header('user-agent') ?? null,
});
