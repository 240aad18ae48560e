/**
 * Which of a stage's required fields a deal still lacks (seed 004: mandatory properties before a
 * deal may enter a stage). A money field of 0 and an empty text count as missing.
 */
export interface DealFieldsForStage {
  contactId: string | null;
  amountMinor: number;
  monthlyAmountMinor: number;
  expectedCloseDate: string | null;
  nextStep: string | null;
  nextStepAt: Date | string | null;
  leadSourceId: string | null;
  lostReason: string | null;
  bizdevId: string | null;
  demoAt: Date | string | null;
  terms: string | null;
  tenderDeadline: string | null;
  customFields: Record<string, unknown>;
}

function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value === 'number') return value === 0;
  return false;
}

export function missingStageFields(requiredFields: readonly string[], deal: DealFieldsForStage): string[] {
  return requiredFields.filter((field) => {
    if (field.startsWith('customFields.'))
      return isMissing(deal.customFields[field.slice('customFields.'.length)]);
    return isMissing(deal[field as keyof Omit<DealFieldsForStage, 'customFields'>]);
  });
}
