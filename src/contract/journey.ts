import { z } from 'zod';
import { Id, IsoDateTime, Locale, Version } from './common.ts';

/** Who fills a touchpoint's role: resolved per client, or one named person ('person' + userId). */
export const SLOT_ROLES = ['am', 'pm', 'bizdev', 'sales', 'team_lead', 'person'] as const;
export const SlotRole = z.enum(SLOT_ROLES);
/** The three roles of every touchpoint (seed 001). */
export const SLOTS = ['responsible', 'communicator', 'support'] as const;
export const SlotName = z.enum(SLOTS);
/** Roles that get a job description from the map. */
export const JOB_ROLES = ['am', 'pm', 'bizdev', 'sales', 'team_lead'] as const;
export const JobRole = z.enum(JOB_ROLES);
export type JobRole = z.infer<typeof JobRole>;

export const SlotAssignment = z
  .object({
    role: SlotRole.nullable(),
    userId: Id.nullable().default(null),
  })
  .refine((slot) => slot.role !== 'person' || slot.userId !== null, {
    message: 'name the person (userId) when the role is "person"',
    path: ['userId'],
  });
export type SlotAssignment = z.infer<typeof SlotAssignment>;

export const Touchpoint = z.object({
  id: Id,
  stageId: Id,
  position: z.number().int(),
  name: z.string(),
  description: z.string(),
  expectedDays: z.number().int(),
  responsible: SlotAssignment,
  communicator: SlotAssignment,
  support: SlotAssignment,
  /** The knowledge-base articles linked to this touchpoint (its instructions). */
  articles: z.array(z.object({ id: Id, title: z.string(), kind: z.string() })),
  version: Version,
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const JourneyStage = z.object({
  id: Id,
  position: z.number().int(),
  name: z.string(),
  description: z.string(),
  version: Version,
  touchpoints: z.array(Touchpoint),
});
export type JourneyStage = z.infer<typeof JourneyStage>;

export const JourneyMap = z.object({ stages: z.array(JourneyStage) });
export type JourneyMap = z.infer<typeof JourneyMap>;

const name = z.string().trim().min(1, 'is required').max(200);
const description = z.string().max(5000);

export const CreateStageBody = z.object({
  name,
  description: description.optional(),
  /** Where to put it; at the end when left out. */
  position: z.number().int().min(0).optional(),
});
export const UpdateStageBody = z.object({
  version: Version,
  name: name.optional(),
  description: description.optional(),
});

export const CreateTouchpointBody = z.object({
  stageId: Id,
  name,
  description: description.optional(),
  expectedDays: z.number().int().min(0).max(3650).optional(),
  responsible: SlotAssignment.optional(),
  communicator: SlotAssignment.optional(),
  support: SlotAssignment.optional(),
  position: z.number().int().min(0).optional(),
});
export type CreateTouchpointBody = z.infer<typeof CreateTouchpointBody>;
export const UpdateTouchpointBody = CreateTouchpointBody.omit({ position: true })
  .partial()
  .extend({ version: Version });
export type UpdateTouchpointBody = z.infer<typeof UpdateTouchpointBody>;

/** The ids in their new order; every stage (or every touchpoint of the stage) exactly once. */
export const ReorderBody = z.object({ ids: z.array(Id).min(1).max(500) });

export const ApplyTemplateBody = z.object({
  locale: Locale,
  /** Replace an existing map (clients' journeys on it are lost). Refused with 409 otherwise. */
  replace: z.boolean().optional(),
});
export const AppliedTemplate = z.object({ stages: z.number().int(), touchpoints: z.number().int() });

/** A person filling a role for a client; null userId means nobody could be found. */
export const FilledSlot = z.object({
  role: SlotRole.nullable(),
  userId: Id.nullable(),
  userName: z.string().nullable(),
});
export type FilledSlot = z.infer<typeof FilledSlot>;

export const TOUCHPOINT_STATES = ['pending', 'current', 'done', 'overdue'] as const;

export const ClientTouchpoint = z.object({
  touchpointId: Id,
  name: z.string(),
  description: z.string(),
  expectedDays: z.number().int(),
  state: z.enum(TOUCHPOINT_STATES),
  enteredAt: IsoDateTime.nullable(),
  doneAt: IsoDateTime.nullable(),
  /** entered + expected duration */
  dueAt: IsoDateTime.nullable(),
  responsible: FilledSlot,
  communicator: FilledSlot,
  support: FilledSlot,
  articles: z.array(z.object({ id: Id, title: z.string(), kind: z.string() })),
});
export type ClientTouchpoint = z.infer<typeof ClientTouchpoint>;

export const ClientJourney = z.object({
  companyId: Id,
  companyName: z.string(),
  currentTouchpointId: Id.nullable(),
  nextTouchpointId: Id.nullable(),
  overdue: z.boolean(),
  /** Nobody fills the responsible role of the current touchpoint. */
  nobodyResponsible: z.boolean(),
  stages: z.array(
    z.object({
      id: Id,
      name: z.string(),
      description: z.string(),
      touchpoints: z.array(ClientTouchpoint),
    }),
  ),
});
export type ClientJourney = z.infer<typeof ClientJourney>;

export const EnterTouchpointBody = z.object({ touchpointId: Id });
export const EnteredTouchpoint = z.object({
  journey: ClientJourney,
  tasks: z.array(z.object({ id: Id, slot: SlotName, assigneeId: Id.nullable(), title: z.string() })),
});

export const ClientJourneyRow = z.object({
  companyId: Id,
  companyName: z.string(),
  ownerId: Id.nullable(),
  currentTouchpointId: Id.nullable(),
  currentTouchpointName: z.string().nullable(),
  stageName: z.string().nullable(),
  enteredAt: IsoDateTime.nullable(),
  dueAt: IsoDateTime.nullable(),
  done: z.boolean(),
  overdue: z.boolean(),
  nobodyResponsible: z.boolean(),
  responsible: FilledSlot.nullable(),
});
export const ListClientJourneysQuery = z.object({
  flag: z.enum(['overdue', 'nobody_responsible']).optional(),
});
export const ClientJourneyList = z.object({ items: z.array(ClientJourneyRow) });

export const Matrix = z.object({
  roles: z.array(SlotRole),
  rows: z.array(
    z.object({
      stageId: Id,
      stageName: z.string(),
      touchpointId: Id,
      touchpointName: z.string(),
      /** For each role: which of the three slots it fills on this touchpoint. */
      cells: z.record(z.string(), z.array(SlotName)),
      people: z.record(SlotName, z.string().nullable()),
    }),
  ),
});

export const JobDescription = z.object({
  role: JobRole,
  body: z.string(),
  /** The body rendered from Markdown and sanitised, ready to show or print. */
  html: z.string(),
  generated: z.string(),
  edited: z.boolean(),
  updatedAt: IsoDateTime.nullable(),
  version: z.number().int(),
});
export type JobDescription = z.infer<typeof JobDescription>;
export const JobDescriptionList = z.object({ items: z.array(JobDescription) });
export const JobDescriptionQuery = z.object({ locale: Locale.optional() });
export const SaveJobDescriptionBody = z.object({ body: z.string().trim().min(1).max(100_000) });
