import { boolean, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../access/roles.ts';

export const users = pgTable(
  'users',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull().default([]),
    locale: text('locale').$type<'ru' | 'en'>().notNull().default('ru'),
    tier: smallint('tier').$type<1 | 2 | 3>(),
    gradeId: uuid('grade_id'),
    clientCap: integer('client_cap'),
    skills: text('skills').array().notNull().default([]),
    industries: text('industries').array().notNull().default([]),
    region: text('region'),
    active: boolean('active').notNull().default(true),
    /** A daily e-mail digest of unread notifications and the day's tasks (migration 0009). */
    emailDigest: boolean('email_digest').notNull().default(false),
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const userCareerHistory = pgTable(
  'user_career_history',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    tier: smallint('tier').$type<1 | 2 | 3>(),
    gradeId: uuid('grade_id'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by'),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
