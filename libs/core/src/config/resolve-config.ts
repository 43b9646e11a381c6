import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, validateEnvironment, type ConfigProblem } from './app-config.js';

export type RuntimeMode = 'embedded' | 'server';

export interface Secrets {
  /** HMAC key for access tokens. */
  jwtSecret: string;
  /** Server-side pepper mixed into hashes of opaque tokens (invitations, refresh tokens). */
  tokenPepper: string;
}

/** The resolved, validated configuration every module reads. */
export class AppConfig {
  readonly mode: RuntimeMode;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly secrets: Secrets;
  readonly logLevel: string;
  readonly demo: boolean;
  /** Whether the API process runs background jobs itself (always without Redis). */
  readonly runJobsInApi: boolean;
  /** Who must use MFA beyond the secretariat and org admins; unset lets a demo relax it. */
  readonly mfaRequired?: 'all' | 'privileged';
  readonly databasePoolSize: number;
  /** Directory entries not confirmed for this many days are stale and asked to re-confirm. */
  readonly confirmAfterDays: number;
  /** Largest encrypted attachment accepted, in bytes. */
  readonly attachmentMaxBytes: number;
  /** Where encrypted attachments are stored (default: DATA_DIR/attachments). */
  readonly attachmentDir: string;
  /** An unanswered re-confirmation request escalates after this many days (org admins, then the secretariat). */
  readonly escalateAfterDays: number;
  /** Writes (POST, PUT, PATCH, DELETE) one signed-in person may make per minute (0: no limit). */
  readonly writesPerMinute: number;
  /** Writes per minute from one address without a session: sign-in, invitations (0: no limit). */
  readonly anonymousWritesPerMinute: number;

  constructor(values: Omit<AppConfig, 'outboxDir' | 'embeddedDatabaseDir' | 'withDatabaseUrl'>) {
    Object.assign(this, values);
  }

  /** The same configuration pointing at a database started after boot (embedded mode). */
  withDatabaseUrl(databaseUrl: string): AppConfig {
    return new AppConfig({ ...this, databaseUrl });
  }

  get outboxDir(): string {
    return join(this.dataDir, 'outbox');
  }

  get embeddedDatabaseDir(): string {
    return join(this.dataDir, 'postgres');
  }
}

const SECRETS_FILE = 'secrets.json';

/** Embedded mode keeps generated secrets in DATA_DIR so tokens survive restarts. */
function loadOrCreateEmbeddedSecrets(dataDir: string): Secrets {
  const file = join(dataDir, SECRETS_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
    if (stored.jwtSecret && stored.tokenPepper) return stored as Secrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: Secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    tokenPepper: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

/**
 * Reads and validates the environment. Throws ConfigError naming every invalid variable.
 * Without DATABASE_URL Liaison runs in embedded mode: its own PostgreSQL under DATA_DIR,
 * generated secrets, demo data.
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = validateEnvironment(env);
  const mode: RuntimeMode = vars.DATABASE_URL ? 'server' : 'embedded';
  const problems: ConfigProblem[] = [];
  if (mode === 'server') {
    for (const name of ['JWT_SECRET', 'TOKEN_PEPPER'] as const) {
      if (!vars[name]) problems.push({ variable: name, reasons: ['is required when DATABASE_URL is set'] });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const port = vars.PORT ?? 3000;
  const dataDir = resolve(vars.DATA_DIR ?? './data');
  const secrets =
    vars.JWT_SECRET && vars.TOKEN_PEPPER
      ? { jwtSecret: vars.JWT_SECRET, tokenPepper: vars.TOKEN_PEPPER }
      : loadOrCreateEmbeddedSecrets(dataDir);
  return new AppConfig({
    mode,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM ?? 'Liaison <no-reply@liaison.invalid>',
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    port,
    host: vars.HOST ?? '0.0.0.0',
    dataDir,
    secrets,
    logLevel: vars.LOG_LEVEL ?? 'info',
    demo: vars.DEMO ? vars.DEMO === 'true' : mode === 'embedded',
    runJobsInApi: !vars.REDIS_URL || vars.RUN_JOBS === 'true',
    mfaRequired: vars.MFA_REQUIRED as 'all' | 'privileged' | undefined,
    databasePoolSize: vars.DATABASE_POOL_SIZE ?? 10,
    confirmAfterDays: vars.DIRECTORY_CONFIRM_AFTER_DAYS ?? 180,
    escalateAfterDays: vars.DIRECTORY_ESCALATE_AFTER_DAYS ?? 14,
    attachmentMaxBytes: vars.ATTACHMENT_MAX_BYTES ?? 25 * 1024 * 1024,
    attachmentDir: vars.ATTACHMENT_DIR ?? join(dataDir, 'attachments'),
    writesPerMinute: vars.WRITES_PER_MINUTE ?? 600,
    anonymousWritesPerMinute: vars.ANONYMOUS_WRITES_PER_MINUTE ?? 300,
  });
}
