/**
 * A request's URL as the logs keep it: secrets that travel in URLs replaced by `[redacted]`. The
 * query values `token` and `code`, and path segments that are themselves secrets (a calendar
 * feed's address is its token).
 */
const SECRET_QUERY = /([?&](?:token|code)=)[^&#]+/gi;
/** Any segment after /calendar-feeds/ but an id (however its dot is encoded, `%2Eics` too). */
const SECRET_PATHS = [
  /(\/calendar-feeds\/)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[/?#]|$))[^/?#]+/gi,
];

export function logUrl(url: string): string {
  let out = url.replace(SECRET_QUERY, '$1[redacted]');
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, '$1[redacted]');
  return out;
}
