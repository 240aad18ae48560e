import { z } from 'zod';
import {
  Currency,
  CustomFieldValues,
  Id,
  IsoDate,
  IsoDateTime,
  MinorUnits,
  PageQuery,
  pageOf,
  QueryBoolean,
  Version,
} from './common.ts';

export const DEAL_KINDS = ['new', 'upsell', 'renewal'] as const;

export const Deal = z.object({
  id: Id,
  title: z.string(),
  companyId: Id,
  companyName: z.string(),
  contactId: Id.nullable(),
  pipelineId: Id,
  stageId: Id,
  stageKind: z.enum(['open', 'won', 'lost']),
  amountMinor: MinorUnits,
  currency: z.string(),
  kind: z.enum(DEAL_KINDS),
  monthlyAmountMinor: MinorUnits,
  expectedCloseDate: IsoDate.nullable(),
  ownerId: Id.nullable(),
  leadSourceId: Id.nullable(),
  lostReason: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextStepAt: IsoDateTime.nullable(),
  /** The BizDev manager who runs the demo, and when it is booked. */
  bizdevId: Id.nullable(),
  demoAt: IsoDateTime.nullable(),
  /** Individual financial terms agreed with this client. */
  terms: z.string().nullable(),
  /** A tender's submission deadline; its owner is reminded before it. */
  tenderDeadline: IsoDate.nullable(),
  stageEnteredAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  customFields: CustomFieldValues,
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Deal = z.infer<typeof Deal>;

const DealFields = {
  title: z.string().trim().min(1, 'is required').max(300),
  companyId: Id,
  contactId: Id.nullable(),
  pipelineId: Id,
  stageId: Id,
  amountMinor: MinorUnits,
  currency: Currency,
  kind: z.enum(DEAL_KINDS),
  monthlyAmountMinor: MinorUnits,
  expectedCloseDate: IsoDate.nullable(),
  ownerId: Id.nullable(),
  leadSourceId: Id.nullable(),
  lostReason: z.string().trim().max(500).nullable(),
  nextStep: z.string().trim().max(500).nullable(),
  nextStepAt: IsoDateTime.nullable(),
  bizdevId: Id.nullable(),
  demoAt: IsoDateTime.nullable(),
  terms: z.string().trim().max(5000).nullable(),
  tenderDeadline: IsoDate.nullable(),
  customFields: CustomFieldValues,
};

export const CreateDealBody = z.object({
  ...DealFields,
  contactId: DealFields.contactId.optional(),
  pipelineId: DealFields.pipelineId.optional(),
  stageId: DealFields.stageId.optional(),
  amountMinor: DealFields.amountMinor.optional(),
  currency: DealFields.currency.optional(),
  kind: DealFields.kind.optional(),
  monthlyAmountMinor: DealFields.monthlyAmountMinor.optional(),
  expectedCloseDate: DealFields.expectedCloseDate.optional(),
  ownerId: DealFields.ownerId.optional(),
  leadSourceId: DealFields.leadSourceId.optional(),
  lostReason: DealFields.lostReason.optional(),
  nextStep: DealFields.nextStep.optional(),
  nextStepAt: DealFields.nextStepAt.optional(),
  bizdevId: DealFields.bizdevId.optional(),
  demoAt: DealFields.demoAt.optional(),
  terms: DealFields.terms.optional(),
  tenderDeadline: DealFields.tenderDeadline.optional(),
  customFields: DealFields.customFields.optional(),
});
export type CreateDealBody = z.infer<typeof CreateDealBody>;

export const UpdateDealBody = CreateDealBody.omit({ companyId: true, pipelineId: true })
  .partial()
  .extend({ version: Version });
export type UpdateDealBody = z.infer<typeof UpdateDealBody>;

/** Move to a stage, filling in the fields that stage requires in the same call. */
export const MoveDealBody = UpdateDealBody.omit({ stageId: true }).extend({ stageId: Id });

export const DEAL_SORTS = ['createdAt', 'updatedAt', 'amountMinor', 'expectedCloseDate', 'title'] as const;

export const ListDealsQuery = z.object({
  ...PageQuery,
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  stageKind: z.enum(['open', 'won', 'lost']).optional(),
  ownerId: Id.optional(),
  companyId: Id.optional(),
  kind: z.enum(DEAL_KINDS).optional(),
  leadSourceId: Id.optional(),
  amountMin: z.coerce.number().int().min(0).optional(),
  amountMax: z.coerce.number().int().min(0).optional(),
  closeFrom: IsoDate.optional(),
  closeTo: IsoDate.optional(),
  archived: QueryBoolean.optional(),
});
export type ListDealsQuery = z.infer<typeof ListDealsQuery>;
export const DealPage = pageOf(Deal);

export const StageChange = z.object({
  id: Id,
  fromStageId: Id.nullable(),
  toStageId: Id,
  changedAt: IsoDateTime,
  changedBy: Id.nullable(),
});

export const BoardQuery = z.object({
  pipelineId: Id.optional(),
  ownerId: Id.optional(),
  q: z.string().max(200).optional(),
  perStage: z.coerce.number().int().min(1).max(500).default(100),
});
export const Board = z.object({
  pipelineId: Id,
  columns: z.array(
    z.object({
      stageId: Id,
      name: z.string(),
      kind: z.enum(['open', 'won', 'lost']),
      probabilityBp: z.number().int(),
      requiredFields: z.array(z.string()),
      count: z.number().int(),
      totals: z.array(z.object({ currency: z.string(), amountMinor: z.number() })),
      deals: z.array(Deal),
    }),
  ),
});
