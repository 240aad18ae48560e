import { and, eq } from 'drizzle-orm';
import type { Deal } from '../../contract/deals.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { stages } from '../pipelines/schema.ts';
import { deals } from './schema.ts';

/** A deal row with what its card shows from the company and the stage. */
export const dealColumns = { deal: deals, companyName: companies.name, stageKind: stages.kind };
export type DealRow = {
  deal: typeof deals.$inferSelect;
  companyName: string;
  stageKind: 'open' | 'won' | 'lost';
};

/** deals ⋈ companies ⋈ stages, keyed by workspace. */
export function selectDeals(db: DbOrTx) {
  return db
    .select(dealColumns)
    .from(deals)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, deals.workspaceId), eq(companies.id, deals.companyId)),
    )
    .innerJoin(stages, and(eq(stages.workspaceId, deals.workspaceId), eq(stages.id, deals.stageId)));
}

export function toDeal({ deal, companyName, stageKind }: DealRow): Deal {
  return {
    id: deal.id,
    title: deal.title,
    companyId: deal.companyId,
    companyName,
    contactId: deal.contactId,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    stageKind,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    kind: deal.kind,
    monthlyAmountMinor: deal.monthlyAmountMinor,
    expectedCloseDate: deal.expectedCloseDate,
    ownerId: deal.ownerId,
    leadSourceId: deal.leadSourceId,
    lostReason: deal.lostReason,
    nextStep: deal.nextStep,
    nextStepAt: deal.nextStepAt?.toISOString() ?? null,
    bizdevId: deal.bizdevId,
    demoAt: deal.demoAt?.toISOString() ?? null,
    terms: deal.terms,
    tenderDeadline: deal.tenderDeadline,
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    closedAt: deal.closedAt?.toISOString() ?? null,
    customFields: deal.customFields as Deal['customFields'],
    archivedAt: deal.archivedAt?.toISOString() ?? null,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    version: deal.version,
  };
}
