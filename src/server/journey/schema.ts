import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Who fills a touchpoint's role: resolved per client, or one named person. */
export type SlotRole = 'am' | 'pm' | 'bizdev' | 'sales' | 'team_lead' | 'person';
/** The three roles of every touchpoint (seed 001). */
export type Slot = 'responsible' | 'communicator' | 'support';
/** Roles a job description is written for. */
export type JobRole = Exclude<SlotRole, 'person'>;

export const journeyStages = pgTable(
  'journey_stages',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const journeyTouchpoints = pgTable(
  'journey_touchpoints',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    stageId: uuid('stage_id').notNull(),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    expectedDays: integer('expected_days').notNull().default(1),
    responsibleRole: text('responsible_role').$type<SlotRole>(),
    responsibleUserId: uuid('responsible_user_id'),
    communicatorRole: text('communicator_role').$type<SlotRole>(),
    communicatorUserId: uuid('communicator_user_id'),
    supportRole: text('support_role').$type<SlotRole>(),
    supportUserId: uuid('support_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const clientTouchpoints = pgTable(
  'client_touchpoints',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    touchpointId: uuid('touchpoint_id').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
    enteredBy: uuid('entered_by'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId, t.touchpointId] })],
);

export const clientTouchpointTasks = pgTable(
  'client_touchpoint_tasks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    touchpointId: uuid('touchpoint_id').notNull(),
    slot: text('slot').$type<Slot>().notNull(),
    taskId: uuid('task_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId, t.touchpointId, t.slot] })],
);

export const jobDescriptions = pgTable(
  'job_descriptions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    role: text('role').$type<JobRole>().notNull(),
    body: text('body').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.role] })],
);
