import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The environment as read at boot, validated field by field. */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  MAIL_FROM?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (use 32+ random bytes)' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (use 32+ random bytes)' })
  TOKEN_PEPPER?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  DEMO?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  RUN_JOBS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['all', 'privileged'], { message: 'must be all or privileged' })
  MFA_REQUIRED?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(3650)
  DIRECTORY_CONFIRM_AFTER_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(365)
  DIRECTORY_ESCALATE_AFTER_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1024)
  @Max(100 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES?: number;

  @IsOptional()
  @IsString()
  ATTACHMENT_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(1_000_000)
  WRITES_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(1_000_000)
  ANONYMOUS_WRITES_PER_MINUTE?: number;
}

export interface ConfigProblem {
  variable: string;
  reasons: string[];
}

/** Thrown at boot when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.reasons.join('; ')}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const describe = (errors: ValidationError[]): ConfigProblem[] =>
  errors.map((e) => ({
    variable: e.property,
    reasons: Object.values(e.constraints ?? {}).map((r) => r.replace(`${e.property} `, '')),
  }));

/** Validates the variables Liaison reads; anything else in the environment is ignored. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const picked: Record<string, string | undefined> = {};
  for (const key of KNOWN_VARIABLES) if (env[key] !== undefined) picked[key] = env[key];
  const parsed = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return parsed;
}

export const KNOWN_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'PORT',
  'HOST',
  'DATA_DIR',
  'JWT_SECRET',
  'TOKEN_PEPPER',
  'LOG_LEVEL',
  'DEMO',
  'RUN_JOBS',
  'MFA_REQUIRED',
  'DATABASE_POOL_SIZE',
  'DIRECTORY_CONFIRM_AFTER_DAYS',
  'DIRECTORY_ESCALATE_AFTER_DAYS',
  'ATTACHMENT_MAX_BYTES',
  'ATTACHMENT_DIR',
  'WRITES_PER_MINUTE',
  'ANONYMOUS_WRITES_PER_MINUTE',
] as const;
