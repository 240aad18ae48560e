import { join } from 'node:path';
import { z } from 'zod';

/**
 * Everything Tandem reads from the environment, validated once at boot.
 * A bad value stops start-up with a message that names the variable.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Connections the server opens to PostgreSQL at most (ignored on PGlite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  TANDEM_ADMIN_EMAIL: z.email().optional(),
  TANDEM_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  TANDEM_WORKSPACE_NAME: z.string().min(1).default('Tandem'),
  WEB_DIST_DIR: z.string().default('./dist/web'),
  /** Where uploaded import files are kept; `<DATA_DIR>/uploads` when unset. */
  UPLOAD_DIR: z.string().min(1).optional(),
  /** Largest import file accepted, in megabytes. */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(1024),
  /** Rows per import batch (one transaction each); by default 10,000 on PostgreSQL, 2,000 on PGlite. */
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Minutes between robot passes (docs/account-work.md); 0 switches the schedule off. */
  ROBOTS_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(5),
  /** The address people open Tandem at (https://crm.example.com), for links in e-mails. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' }).optional(),
});

export type Config = Omit<z.infer<typeof configSchema>, 'UPLOAD_DIR'> & { UPLOAD_DIR: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means "not set", as in most tools.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = {
    ...parsed.data,
    UPLOAD_DIR: parsed.data.UPLOAD_DIR ?? join(parsed.data.DATA_DIR, 'uploads'),
  };
  if (Boolean(config.TANDEM_ADMIN_EMAIL) !== Boolean(config.TANDEM_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD must be set together',
    );
  }
  return config;
}
