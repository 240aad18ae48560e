import { and, eq, inArray } from 'drizzle-orm';
import type { LineInput } from '../../contract/money.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError, type FieldError } from '../http/errors.ts';
import { services } from '../services/schema.ts';
import {
  AmountTooLargeError,
  documentTotals,
  type LineAmounts,
  lineAmounts,
  parseQuantity,
} from './money-math.ts';

/** A line ready to be stored on an invoice or an act, its amounts computed and rounded. */
export interface ComputedLine extends LineAmounts {
  position: number;
  serviceId: string | null;
  description: string;
  unit: string;
  quantityMilli: number;
  unitPriceMinor: number;
  vatRateBp: number | null;
}

export interface VatPolicy {
  vatEnabled: boolean;
  defaultVatRateBp: number;
  /** A contract's own rate, used before the workspace default. */
  contractVatRateBp?: number | null;
}

/**
 * Lines from the request: from the catalogue (description, unit, price and VAT from the service
 * unless given) or free text. VAT: the line's own rate when given (null = none), else the
 * service's, else the contract's, else the workspace default — when the workspace charges VAT.
 * Every problem is reported at once, by field (`lines.2.unitPriceMinor`), and nothing is written.
 */
export async function computeLines(
  db: DbOrTx,
  workspaceId: string,
  inputs: readonly LineInput[],
  currency: string,
  vat: VatPolicy,
): Promise<ComputedLine[]> {
  const serviceIds = [...new Set(inputs.map((line) => line.serviceId).filter((id): id is string => !!id))];
  const found =
    serviceIds.length === 0
      ? []
      : await db
          .select()
          .from(services)
          .where(and(eq(services.workspaceId, workspaceId), inArray(services.id, serviceIds)));
  const byId = new Map(found.map((service) => [service.id, service]));
  const errors: FieldError[] = [];
  const lines: ComputedLine[] = [];
  inputs.forEach((input, index) => {
    const field = `lines.${index}`;
    const service = input.serviceId ? byId.get(input.serviceId) : undefined;
    if (input.serviceId && !service) {
      errors.push({ field: `${field}.serviceId`, message: 'No such service in this workspace.' });
      return;
    }
    const description = input.description || service?.name || '';
    if (!description) {
      errors.push({ field: `${field}.description`, message: 'Describe the line or pick a service.' });
      return;
    }
    let unitPriceMinor = input.unitPriceMinor;
    if (unitPriceMinor === undefined) {
      if (!service) {
        errors.push({ field: `${field}.unitPriceMinor`, message: 'Give a price for a free-text line.' });
        return;
      }
      if (service.currency !== currency) {
        errors.push({
          field: `${field}.unitPriceMinor`,
          message: `The service is priced in ${service.currency}, the document is in ${currency}: give the price.`,
        });
        return;
      }
      unitPriceMinor = service.priceMinor;
    }
    const defaultRate = vat.vatEnabled ? (vat.contractVatRateBp ?? vat.defaultVatRateBp) : null;
    const vatRateBp =
      input.vatRateBp !== undefined
        ? input.vatRateBp
        : service && service.vatRateBp !== null && vat.vatEnabled
          ? service.vatRateBp
          : defaultRate;
    const quantityMilli = parseQuantity(input.quantity);
    try {
      lines.push({
        position: index + 1,
        serviceId: service?.id ?? null,
        description,
        unit: input.unit ?? service?.unit ?? '',
        quantityMilli,
        unitPriceMinor,
        vatRateBp,
        ...lineAmounts({ quantityMilli, unitPriceMinor, vatRateBp }),
      });
    } catch (error) {
      if (!(error instanceof AmountTooLargeError)) throw error;
      errors.push({ field: `${field}.quantity`, message: 'The line amount is too large.' });
    }
  });
  if (errors.length === 0) {
    try {
      documentTotals(lines);
    } catch (error) {
      if (!(error instanceof AmountTooLargeError)) throw error;
      errors.push({ field: 'lines', message: 'The total is too large.' });
    }
  }
  if (errors.length > 0) {
    throw new AppError(
      'validation_failed',
      `Check these lines and send again. ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      {
        fields: errors,
      },
    );
  }
  return lines;
}
