import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  defaultCurrency: text('default_currency').notNull().default('RUB'),
  defaultLocale: text('default_locale').$type<'ru' | 'en'>().notNull().default('ru'),
  timeZone: text('time_zone').notNull().default('Europe/Moscow'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
