import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, MinorUnits, Version } from './common.ts';

/**
 * The three-tier sales flow (DOMAIN.md §1–§3): workspace rules for assignment and tier 1,
 * assignment suggestions, absences, projects, leads handed over, call queues.
 */

const CompanySizes = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
const Rank = z.number().int().min(0).max(100);

export const SalesFlowSettings = z.object({
  /** Hand a qualified lead to tier 2 at once, to the engine's choice. */
  autoAssignOnQualified: z.boolean().default(true),
  /** Give a newly won client to an AM and its project to a PM at once, to the engine's choice. */
  autoAssignOnWon: z.boolean().default(true),
  /** Clients an AM (projects a PM) may hold unless their grade or they themselves say otherwise. */
  defaultClientCap: z.number().int().min(1).max(1000).default(25),
  keyAccountMinGradeRank: Rank.default(3),
  minGradeRankBySize: z.partialRecord(z.enum(CompanySizes), Rank).default({ large: 2, enterprise: 3 }),
  /** A client paying this much a month weighs 1 in its AM's load (minor units). */
  referenceMonthlyPaymentMinor: MinorUnits.min(1).default(10_000_000),
  loadWeights: z
    .object({
      openDeal: z.number().min(0).max(10),
      openLead: z.number().min(0).max(10),
      openTask: z.number().min(0).max(10),
    })
    .default({ openDeal: 0.25, openLead: 0.5, openTask: 0.05 }),
  /** Days before a tender's submission deadline when its owner gets a reminder task. */
  tenderReminderDays: z.number().int().min(0).max(90).default(3),
  /** Hours before a call with no answer comes back to the queue, and how many tries in all. */
  callRetryHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(4),
  callMaxAttempts: z.number().int().min(1).max(20).default(3),
});
export type SalesFlowSettings = z.infer<typeof SalesFlowSettings>;
export const UpdateSalesFlowSettingsBody = SalesFlowSettings.partial();

// Assignment ------------------------------------------------------------------------------------

export const ASSIGNMENT_KINDS = ['lead', 'deal', 'client', 'project'] as const;
export const AssignmentKind = z.enum(ASSIGNMENT_KINDS);

export const Blocker = z.discriminatedUnion('code', [
  z.object({ code: z.literal('away'), until: IsoDate }),
  z.object({ code: z.literal('at_cap'), accounts: z.number().int(), cap: z.number().int() }),
  z.object({ code: z.literal('grade'), required: z.number().int(), rank: z.number().int().nullable() }),
]);

export const RankedCandidate = z.object({
  userId: Id,
  name: z.string(),
  rank: z.number().int(),
  eligible: z.boolean(),
  blockers: z.array(Blocker),
  load: z.number(),
  accounts: z.number().int(),
  cap: z.number().int().nullable(),
  openDeals: z.number().int(),
  openLeads: z.number().int(),
  openTasks: z.number().int(),
  gradeName: z.string().nullable(),
  industryMatch: z.boolean(),
  regionMatch: z.boolean(),
  lastAssignedAt: IsoDateTime.nullable(),
  summary: z.string(),
});
export type RankedCandidate = z.infer<typeof RankedCandidate>;

export const DECIDING_RULES = [
  'only_eligible',
  'industry_experience',
  'lowest_load',
  'least_recently_assigned',
  'nobody_eligible',
  'no_candidates',
  'existing_client_am',
] as const;

export const SuggestBody = z.object({ kind: AssignmentKind, recordId: Id });
export const Suggestion = z.object({
  kind: AssignmentKind,
  recordId: Id,
  role: z.enum(['am', 'sales', 'pm', 'bizdev']),
  currentUserId: Id.nullable(),
  candidates: z.array(RankedCandidate),
  chosen: RankedCandidate.nullable(),
  rule: z.enum(DECIDING_RULES),
  explanation: z.string(),
  nearest: z.array(RankedCandidate),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const AssignBody = z.object({
  kind: AssignmentKind,
  recordId: Id,
  userId: Id,
  /** Required when the choice is not the top suggestion. */
  reason: z.string().trim().max(1000).optional(),
});

export const Assignment = z.object({
  id: Id,
  kind: AssignmentKind,
  recordId: Id,
  role: z.string(),
  suggestedUserId: Id.nullable(),
  chosenUserId: Id,
  rule: z.string(),
  overrideReason: z.string().nullable(),
  automatic: z.boolean(),
  candidates: z.array(z.unknown()),
  decidedBy: Id.nullable(),
  decidedAt: IsoDateTime,
});
export type Assignment = z.infer<typeof Assignment>;

export const TeamLoadRow = z.object({
  userId: Id,
  name: z.string(),
  roles: z.array(z.string()),
  tier: z.number().int().nullable(),
  gradeName: z.string().nullable(),
  accounts: z.number().int(),
  cap: z.number().int().nullable(),
  load: z.number(),
  openDeals: z.number().int(),
  openLeads: z.number().int(),
  openTasks: z.number().int(),
  awayUntil: IsoDate.nullable(),
});

// Absences --------------------------------------------------------------------------------------

export const ABSENCE_KINDS = ['vacation', 'sick_leave', 'other'] as const;
export const Absence = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  kind: z.enum(ABSENCE_KINDS),
  startsOn: IsoDate,
  endsOn: IsoDate,
  note: z.string(),
  handedBackAt: IsoDateTime.nullable(),
  version: Version,
});
export type Absence = z.infer<typeof Absence>;
const AbsenceFields = z.object({
  userId: Id,
  kind: z.enum(ABSENCE_KINDS),
  startsOn: IsoDate,
  endsOn: IsoDate,
  note: z.string().max(1000).optional(),
});
const endsAfterStart = (value: { startsOn?: string; endsOn?: string }) =>
  !value.startsOn || !value.endsOn || value.endsOn >= value.startsOn;
const endsAfterStartIssue = { message: 'must be on or after the first day', path: ['endsOn'] };
export const CreateAbsenceBody = AbsenceFields.refine(endsAfterStart, endsAfterStartIssue);
export const UpdateAbsenceBody = AbsenceFields.omit({ userId: true })
  .partial()
  .extend({ version: Version })
  .refine(endsAfterStart, endsAfterStartIssue);
export const ListAbsencesQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  userId: Id.optional(),
});

export const CoverEntry = z.object({
  userId: Id,
  name: z.string(),
  awayUntil: IsoDate,
  kind: z.enum(ABSENCE_KINDS),
  openTasks: z.number().int(),
  openLeads: z.number().int(),
});

// Projects --------------------------------------------------------------------------------------

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export const Project = z.object({
  id: Id,
  name: z.string(),
  companyId: Id,
  companyName: z.string(),
  dealId: Id.nullable(),
  pmId: Id.nullable(),
  amId: Id.nullable(),
  status: z.enum(PROJECT_STATUSES),
  startsOn: IsoDate.nullable(),
  endsOn: IsoDate.nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type Project = z.infer<typeof Project>;
export const CreateProjectBody = z.object({
  name: z.string().trim().min(1).max(300),
  companyId: Id,
  dealId: Id.nullable().optional(),
  pmId: Id.nullable().optional(),
  amId: Id.nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  startsOn: IsoDate.nullable().optional(),
  endsOn: IsoDate.nullable().optional(),
});
export const UpdateProjectBody = CreateProjectBody.omit({ companyId: true })
  .partial()
  .extend({ version: Version });
export const ListProjectsQuery = z.object({
  companyId: Id.optional(),
  userId: Id.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});

// Leads -----------------------------------------------------------------------------------------

export const LEAD_ORIGINS = ['call_queue', 'inbound', 'client_request'] as const;
export const LEAD_STATUSES = ['new', 'accepted', 'converted', 'rejected'] as const;
export const Lead = z.object({
  id: Id,
  companyId: Id,
  companyName: z.string(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  origin: z.enum(LEAD_ORIGINS),
  leadSourceId: Id.nullable(),
  note: z.string(),
  handedOverBy: Id.nullable(),
  handedOverByName: z.string().nullable(),
  assigneeId: Id.nullable(),
  coveringForId: Id.nullable(),
  status: z.enum(LEAD_STATUSES),
  dealId: Id.nullable(),
  rejectReason: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type Lead = z.infer<typeof Lead>;
export const CreateLeadBody = z.object({
  companyId: Id,
  contactId: Id.nullable().optional(),
  leadSourceId: Id.nullable().optional(),
  note: z.string().trim().min(1, 'Write what the client asked for.').max(5000),
});
export const ListLeadsQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  assignee: z.union([z.literal('me'), z.literal('unassigned'), Id]).optional(),
  origin: z.enum(LEAD_ORIGINS).optional(),
});
export const ConvertLeadBody = z.object({
  title: z.string().trim().min(1).max(300),
  pipelineId: Id.optional(),
  amountMinor: MinorUnits.optional(),
  expectedCloseDate: IsoDate.nullable().optional(),
});
export const RejectLeadBody = z.object({ reason: z.string().trim().min(1, 'Say why.').max(1000) });

// Call queues -----------------------------------------------------------------------------------

export const QUEUE_ITEM_STATUSES = [
  'pending',
  'no_answer',
  'callback',
  'not_interested',
  'qualified',
  'unreachable',
] as const;
export const CALL_OUTCOMES = ['no_answer', 'callback', 'not_interested', 'qualified'] as const;

export const CallList = z.object({
  id: Id,
  name: z.string(),
  leadSourceId: Id.nullable(),
  distribution: z.enum(['round_robin', 'region']),
  callerIds: z.array(Id),
  script: z.string(),
  importId: Id.nullable(),
  createdAt: IsoDateTime,
  counts: z.record(z.enum(QUEUE_ITEM_STATUSES), z.number().int()),
  /** Progress per caller, in the list's caller order (plus anyone else holding its rows). */
  byCaller: z.array(
    z.object({
      callerId: Id.nullable(),
      /** Rows dealt to this caller. */
      total: z.number().int(),
      /** Rows called at least once. */
      called: z.number().int(),
      qualified: z.number().int(),
      notInterested: z.number().int(),
      /** Rows still to call: not called yet, no answer (to retry) or a callback. */
      left: z.number().int(),
    }),
  ),
  version: Version,
});
export type CallList = z.infer<typeof CallList>;

/** A segment's filters as a saved view keeps them, read as a companies list query. */
export const SegmentFilters = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);

/**
 * The companies to call come from exactly one of: `companyIds` (a selection), `savedViewId`
 * (a saved view of companies, resolved on the server within the caller's visibility), or
 * `filters` (the companies list's current filters, likewise).
 */
export const CALL_LIST_SOURCES = ['companyIds', 'savedViewId', 'filters'] as const;
export const CreateCallListBody = z.object({
  name: z.string().trim().min(1).max(200),
  distribution: z.enum(['round_robin', 'region']).default('round_robin'),
  callerIds: z.array(Id).min(1, 'Choose at least one caller.').max(200),
  leadSourceId: Id.nullable().optional(),
  script: z.string().max(20000).optional(),
  /** Companies to call, e.g. a saved view's segment; each gets its decision maker or first contact. */
  companyIds: z.array(Id).min(1, 'Choose the companies to call.').max(10_000).optional(),
  /** A saved view of companies: the list calls the companies it selects for the person building it. */
  savedViewId: Id.optional(),
  /** The companies list's filters (`q`, `status`, `region`, `tags`, …), as a saved view stores them. */
  filters: SegmentFilters.optional(),
});
export type CreateCallListBody = z.infer<typeof CreateCallListBody>;
export const UpdateCallListBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  script: z.string().max(20000).optional(),
  archived: z.boolean().optional(),
  version: Version,
});

export const QueueItem = z.object({
  id: Id,
  callListId: Id,
  callListName: z.string(),
  script: z.string(),
  status: z.enum(QUEUE_ITEM_STATUSES),
  attempts: z.number().int(),
  nextCallAt: IsoDateTime.nullable(),
  lastCalledAt: IsoDateTime.nullable(),
  company: z.object({
    id: Id,
    name: z.string(),
    legalName: z.string().nullable(),
    taxId: z.string().nullable(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    status: z.string(),
  }),
  contacts: z.array(
    z.object({
      id: Id,
      name: z.string(),
      position: z.string().nullable(),
      phones: z.array(z.string()),
      emails: z.array(z.string()),
      isDecisionMaker: z.boolean(),
    }),
  ),
  contactId: Id.nullable(),
  history: z.array(
    z.object({
      id: Id,
      type: z.string(),
      subject: z.string(),
      outcome: z.string().nullable(),
      occurredAt: IsoDateTime,
      authorName: z.string().nullable(),
    }),
  ),
  remaining: z.number().int(),
  version: Version,
});
export type QueueItem = z.infer<typeof QueueItem>;

export const CallOutcomeBody = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    version: Version,
    contactId: Id.nullable().optional(),
    note: z.string().max(5000).optional(),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    /** callback: when to call again. */
    callbackAt: IsoDateTime.optional(),
    /** not_interested: why. */
    reason: z.string().trim().max(1000).optional(),
    /** qualified: what tier 2 needs to know. */
    handoffNote: z.string().trim().max(5000).optional(),
  })
  .superRefine((body, context) => {
    if (body.outcome === 'callback' && !body.callbackAt)
      context.addIssue({ code: 'custom', path: ['callbackAt'], message: 'Say when to call back.' });
    if (body.outcome === 'not_interested' && !body.reason)
      context.addIssue({ code: 'custom', path: ['reason'], message: 'Say why they are not interested.' });
    if (body.outcome === 'qualified' && !body.handoffNote)
      context.addIssue({
        code: 'custom',
        path: ['handoffNote'],
        message: 'Write a hand-off note for the closer: need, budget, timing, who decides.',
      });
  });

export const CallOutcomeResult = z.object({
  item: z.object({ id: Id, status: z.enum(QUEUE_ITEM_STATUSES), nextCallAt: IsoDateTime.nullable() }),
  activityId: Id,
  taskId: Id.nullable(),
  leadId: Id.nullable(),
  assignment: z.object({ assigneeId: Id.nullable(), explanation: z.string() }).nullable(),
});

export const CallStatsQuery = z.object({ from: IsoDate, to: IsoDate });
export const CallStatsRow = z.object({
  userId: Id,
  name: z.string(),
  calls: z.number().int(),
  days: z.number().int(),
  callsPerDay: z.number(),
  qualified: z.number().int(),
  conversionBp: z.number().int(),
});
