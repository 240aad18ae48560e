import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.ts';

export const LEAD_SOURCE_KINDS = [
  'personal_brand',
  'seo_inbound',
  'tender',
  'referral',
  'cold_call',
  'other',
] as const;

export const LeadSource = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(LEAD_SOURCE_KINDS),
  active: z.boolean(),
  position: z.number().int(),
  version: Version,
});
export const CreateLeadSourceBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(LEAD_SOURCE_KINDS),
  active: z.boolean().optional(),
  position: z.number().int().min(0).optional(),
});
export const UpdateLeadSourceBody = CreateLeadSourceBody.partial().extend({ version: Version });

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

/** Deal fields a stage may require before a deal enters it; custom deal fields as customFields.<key>. */
export const REQUIRABLE_DEAL_FIELDS = [
  'contactId',
  'amountMinor',
  'monthlyAmountMinor',
  'expectedCloseDate',
  'nextStep',
  'nextStepAt',
  'leadSourceId',
  'lostReason',
  'bizdevId',
  'demoAt',
  'terms',
  'tenderDeadline',
] as const;
export const RequiredField = z
  .string()
  .refine(
    (value) =>
      (REQUIRABLE_DEAL_FIELDS as readonly string[]).includes(value) ||
      /^customFields\.[a-z][a-z0-9_]{0,62}$/.test(value),
    { message: `must be one of ${REQUIRABLE_DEAL_FIELDS.join(', ')} or customFields.<key>` },
  );

export const Stage = z.object({
  id: Id,
  pipelineId: Id,
  name: z.string(),
  position: z.number().int(),
  kind: z.enum(STAGE_KINDS),
  probabilityBp: z.number().int(),
  requiredFields: z.array(z.string()),
  version: Version,
});
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  isDefault: z.boolean(),
  archivedAt: IsoDateTime.nullable(),
  version: Version,
  stages: z.array(Stage),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const CreatePipelineBody = z.object({
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().optional(),
  position: z.number().int().min(0).optional(),
});
export const UpdatePipelineBody = CreatePipelineBody.partial().extend({ version: Version });

const StageFields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(STAGE_KINDS),
  probabilityBp: z.number().int().min(0).max(10_000),
  requiredFields: z
    .array(RequiredField)
    .max(20)
    .transform((fields) => [...new Set(fields)]),
};
export const CreateStageBody = z.object({
  name: StageFields.name,
  kind: StageFields.kind.optional(),
  probabilityBp: StageFields.probabilityBp.optional(),
  requiredFields: StageFields.requiredFields.optional(),
});
export const UpdateStageBody = CreateStageBody.partial().extend({ version: Version });
export const StageOrderBody = z.object({ stageIds: z.array(Id).min(1) });

export const CUSTOM_FIELD_ENTITIES = ['company', 'contact', 'deal'] as const;
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;

export const CustomFieldDefinition = z.object({
  id: Id,
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number().int(),
  version: Version,
});
export const CreateCustomFieldBody = z
  .object({
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a letter: a–z, 0–9 and _ only'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).optional(),
  })
  .refine((body) => body.type !== 'select' || (body.options?.length ?? 0) > 0, {
    message: 'a select field needs at least one option',
    path: ['options'],
  });
export const UpdateCustomFieldBody = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  options: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).optional(),
  version: Version,
});
