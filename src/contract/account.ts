import { z } from 'zod';
import { Currency, Id, IsoDate, IsoDateTime, MinorUnits, Version } from './common.ts';

/**
 * Account work (DOMAIN.md §2.6, §2.8–9): cadence and next contact, meetings with minutes and
 * decisions, client requests and their backlog, the growth plan, feedback, health.
 */

const Text = (max: number) => z.string().trim().max(max);
const Required = (max: number) => z.string().trim().min(1, 'is required').max(max);

// Settings ---------------------------------------------------------------------------------------

export const AccountWorkSettings = z.object({
  /** Days between contacts with a client unless the client has its own cadence. */
  cadenceDays: z.number().int().min(1).max(365).default(4),
  /** A client with no purchase for this many days after the last is churned (KPIs). */
  churnAfterDays: z.number().int().min(1).max(3650).default(180),
});
export type AccountWorkSettings = z.infer<typeof AccountWorkSettings>;

export const AccountSettingsResponse = AccountWorkSettings.extend({
  /** Whether minutes can be sent by e-mail from Tandem (else a mailto: link is offered); SMTP is set with the money settings. */
  smtpConfigured: z.boolean(),
  fromAddress: z.string().nullable(),
});
export const UpdateAccountSettingsBody = AccountWorkSettings.partial();

// Client account ---------------------------------------------------------------------------------

export const HEALTH_REASON_CODES = [
  'cadence_missed',
  'overdue_tasks',
  'unpaid_invoices',
  'negative_feedback',
  'critical_feedback',
  'no_recent_purchase',
  'churned',
] as const;

export const Health = z.object({
  score: z.number().int().min(0).max(100),
  level: z.enum(['good', 'watch', 'at_risk']),
  reasons: z.array(
    z.object({ code: z.enum(HEALTH_REASON_CODES), points: z.number().int(), value: z.number().int() }),
  ),
});
export type Health = z.infer<typeof Health>;

export const ClientAccount = z.object({
  companyId: Id,
  companyName: z.string(),
  ownerId: Id.nullable(),
  /** This client's own cadence, or null for the workspace's. */
  cadenceDays: z.number().int().nullable(),
  effectiveCadenceDays: z.number().int(),
  lastContactAt: IsoDateTime.nullable(),
  nextContactOn: IsoDate,
  /** Days past the next contact date (0 = within cadence). */
  overdueDays: z.number().int(),
  lastPurchaseAt: IsoDateTime.nullable(),
  churnRiskAt: IsoDateTime.nullable(),
  churnRiskReason: z.string().nullable(),
  churned: z.boolean(),
  health: Health,
  version: z.number().int(),
});
export type ClientAccount = z.infer<typeof ClientAccount>;

export const UpdateClientAccountBody = z.object({
  cadenceDays: z.number().int().min(1).max(365).nullable().optional(),
  /** Move the next contact by hand (the client asked to call after the holidays). */
  nextContactOn: IsoDate.optional(),
  /** The version read; 0 for a company that has no account row yet (not a client). */
  version: z.number().int().min(0),
});

export const MyClientsQuery = z.object({
  ownerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const MyClients = z.object({ items: z.array(ClientAccount) });

export const ComplianceQuery = z.object({
  from: IsoDate,
  to: IsoDate,
  userId: Id.optional(),
});
export const Compliance = z.object({
  from: IsoDate,
  to: IsoDate,
  items: z.array(
    z.object({
      userId: Id,
      name: z.string(),
      clients: z.number().int(),
      compliant: z.number().int(),
      /** Share kept within cadence, basis points. */
      complianceBp: z.number().int(),
    }),
  ),
});

export type Compliance = z.infer<typeof Compliance>;

// Meetings ---------------------------------------------------------------------------------------

export const MeetingDecision = z.object({
  id: Id,
  text: z.string(),
  ownerId: Id.nullable(),
  dueOn: IsoDate.nullable(),
  taskId: Id.nullable(),
});
export const Meeting = z.object({
  id: Id,
  companyId: Id,
  title: z.string(),
  heldAt: IsoDateTime,
  agenda: z.string(),
  minutes: z.string(),
  attendeeContactIds: z.array(Id),
  attendeeUserIds: z.array(Id),
  activityId: Id.nullable(),
  authorId: Id.nullable(),
  minutesSentAt: IsoDateTime.nullable(),
  decisions: z.array(MeetingDecision),
  createdAt: IsoDateTime,
  version: Version,
});
export type Meeting = z.infer<typeof Meeting>;

export const CreateMeetingBody = z.object({
  title: Required(300),
  heldAt: IsoDateTime,
  agenda: Text(20_000).optional(),
  minutes: Text(50_000).optional(),
  attendeeContactIds: z.array(Id).max(100).optional(),
  attendeeUserIds: z.array(Id).max(100).optional(),
  decisions: z
    .array(
      z.object({
        text: Required(2000),
        ownerId: Id.nullable().optional(),
        dueOn: IsoDate.nullable().optional(),
      }),
    )
    .max(100)
    .optional(),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;
export const UpdateMeetingBody = z.object({
  title: Required(300).optional(),
  agenda: Text(20_000).optional(),
  minutes: Text(50_000).optional(),
  version: Version,
});
export const MeetingList = z.object({ items: z.array(Meeting) });
export const SendMinutesBody = z.object({
  /** Contacts' e-mails by default; extra addresses may be given. */
  to: z.array(z.email()).max(50).optional(),
});
export const SendMinutesResponse = z.object({
  sent: z.boolean(),
  /** When no SMTP is set up: a mailto: link with the minutes for the person's own mail program. */
  mailto: z.string().nullable(),
  recipients: z.array(z.string()),
});

// Requests ---------------------------------------------------------------------------------------

export const REQUEST_SOURCES = ['text', 'message', 'attachment', 'call', 'email', 'meeting'] as const;
export const REQUEST_STATUSES = [
  'received',
  'specified',
  'estimated',
  'approved',
  'in_work',
  'delivered',
  'accepted',
  'cancelled',
] as const;
export const REQUEST_ACTIONS = [
  'specify',
  'estimate',
  'approve',
  'start',
  'deliver',
  'accept',
  'rework',
  'cancel',
] as const;

export const ClientRequest = z.object({
  id: Id,
  companyId: Id,
  title: z.string(),
  source: z.enum(REQUEST_SOURCES),
  originalText: z.string(),
  attachmentName: z.string().nullable(),
  specification: z.string(),
  estimateHours: z.number().nullable(),
  estimateCostMinor: z.number().int().nullable(),
  currency: z.string(),
  status: z.enum(REQUEST_STATUSES),
  rank: z.number().int(),
  approvedByContactId: Id.nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: IsoDateTime.nullable(),
  overrideReason: z.string().nullable(),
  startedAt: IsoDateTime.nullable(),
  deliveredAt: IsoDateTime.nullable(),
  acceptedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type ClientRequest = z.infer<typeof ClientRequest>;

export const CreateRequestBody = z.object({
  title: Required(300),
  source: z.enum(REQUEST_SOURCES).optional(),
  originalText: Text(50_000).optional(),
  attachmentName: Text(300).optional(),
});
export type CreateRequestBody = z.infer<typeof CreateRequestBody>;

export const RequestActionBody = z.object({
  action: z.enum(REQUEST_ACTIONS),
  version: Version,
  specification: Text(50_000).optional(),
  hours: z.number().min(0).max(100_000).optional(),
  costMinor: MinorUnits.optional(),
  currency: Currency.optional(),
  approvedByName: Text(200).optional(),
  approvedByContactId: Id.optional(),
  approvedAt: IsoDateTime.optional(),
  overrideReason: Text(2000).optional(),
});
export type RequestActionBody = z.infer<typeof RequestActionBody>;

export const ReorderRequestsBody = z.object({
  /** The client's open requests in the agreed order, first = most important. */
  order: z.array(Id).min(1).max(1000),
});
export const RequestList = z.object({ items: z.array(ClientRequest) });

// Growth plan ------------------------------------------------------------------------------------

export const GROWTH_STATUSES = ['idea', 'proposed', 'deal', 'won', 'rejected'] as const;
export const GrowthDirection = z.object({
  id: Id,
  companyId: Id,
  service: z.string(),
  description: z.string(),
  potentialMinor: z.number().int(),
  currency: z.string(),
  status: z.enum(GROWTH_STATUSES),
  dealId: Id.nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type GrowthDirection = z.infer<typeof GrowthDirection>;
export const CreateGrowthBody = z.object({
  service: Required(300),
  description: Text(10_000).optional(),
  potentialMinor: MinorUnits.optional(),
  currency: Currency.optional(),
});
export const UpdateGrowthBody = CreateGrowthBody.partial().extend({
  status: z.enum(['idea', 'proposed', 'rejected']).optional(),
  version: Version,
});
export const GrowthList = z.object({ items: z.array(GrowthDirection) });
export const MakeUpsellBody = z.object({ version: Version });

// Feedback ---------------------------------------------------------------------------------------

export const FEEDBACK_KINDS = ['complaint', 'claim', 'review'] as const;
export const FEEDBACK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const Feedback = z.object({
  id: Id,
  companyId: Id,
  projectId: Id.nullable(),
  contactId: Id.nullable(),
  kind: z.enum(FEEDBACK_KINDS),
  sentiment: z.enum(SENTIMENTS),
  severity: z.enum(FEEDBACK_SEVERITIES),
  body: z.string(),
  status: z.enum(['open', 'resolved']),
  resolution: z.string().nullable(),
  resolvedAt: IsoDateTime.nullable(),
  receivedAt: IsoDateTime,
  createdAt: IsoDateTime,
  version: Version,
});
export type Feedback = z.infer<typeof Feedback>;
export const CreateFeedbackBody = z.object({
  kind: z.enum(FEEDBACK_KINDS),
  sentiment: z.enum(SENTIMENTS).optional(),
  severity: z.enum(FEEDBACK_SEVERITIES).optional(),
  body: Required(20_000),
  projectId: Id.nullable().optional(),
  contactId: Id.nullable().optional(),
  receivedAt: IsoDateTime.optional(),
});
export const ResolveFeedbackBody = z.object({ resolution: Required(10_000), version: Version });
export const FeedbackList = z.object({ items: z.array(Feedback) });
