-- The statements of libs/identity/src/login/login-throttle.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- LoginThrottleRepository.lockedSeconds
SELECT max(extract(epoch FROM t.locked_until - now())) AS seconds FROM login_throttle t
  WHERE t.locked_until > now()
    AND (t.email_key = $2
         OR (t.email_key = $1 AND NOT EXISTS (
               SELECT 1 FROM login_known_source k
                WHERE k.source_key = $2 AND k.last_success_at > now() - make_interval(days => $3))));

-- LoginThrottleRepository.countFailure
INSERT INTO login_throttle (email_key, failures, last_failure_at) VALUES ($1, 1, now())
  ON CONFLICT (email_key) DO UPDATE SET
    failures = CASE WHEN greatest(login_throttle.last_failure_at, login_throttle.locked_until)
                           < now() - make_interval(secs => $2)
                    THEN 1 ELSE login_throttle.failures + 1 END,
    locked_until = CASE WHEN greatest(login_throttle.last_failure_at, login_throttle.locked_until)
                           < now() - make_interval(secs => $2)
                        THEN NULL ELSE login_throttle.locked_until END,
    last_failure_at = now()
  RETURNING failures;

-- LoginThrottleRepository.lock
UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE email_key = $1;

-- LoginThrottleRepository.clear
DELETE FROM login_throttle WHERE email_key = $1;

-- LoginThrottleRepository.rememberSource
INSERT INTO login_known_source (source_key, last_success_at) VALUES ($1, now())
  ON CONFLICT (source_key) DO UPDATE SET last_success_at = now();
