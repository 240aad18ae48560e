import type { FieldError } from '../http/errors.ts';

/**
 * A client's request (DOMAIN.md §2.6): in any form → written specification → estimate (hours,
 * cost) → cost approved by the client → in work → delivered → accepted. Work does not start
 * before the cost is approved unless someone overrides with a reason. Pure: the use case
 * applies what this returns.
 */
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
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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
export type RequestActionKind = (typeof REQUEST_ACTIONS)[number];

export interface RequestState {
  status: RequestStatus;
  specification: string;
  estimateHours: number | null;
  estimateCostMinor: number | null;
}

export type RequestAction =
  | { action: 'specify'; specification?: string }
  | { action: 'estimate'; hours?: number; costMinor?: number }
  | { action: 'approve'; approvedByName?: string; approvedByContactId?: string }
  | { action: 'start'; overrideReason?: string }
  | { action: 'deliver' }
  | { action: 'accept' }
  | { action: 'rework' }
  | { action: 'cancel' };

export type RequestTransition =
  | { ok: true; status: RequestStatus; overridden: boolean }
  | { ok: false; reason: 'wrong_status' | 'missing_fields'; fields: FieldError[] };

/** Which actions a request in a status allows (start before approval needs a reason). */
export const ALLOWED: Record<RequestStatus, readonly RequestActionKind[]> = {
  received: ['specify', 'start', 'cancel'],
  specified: ['specify', 'estimate', 'start', 'cancel'],
  estimated: ['specify', 'estimate', 'approve', 'start', 'cancel'],
  approved: ['start', 'cancel'],
  in_work: ['deliver', 'cancel'],
  delivered: ['accept', 'rework'],
  accepted: [],
  cancelled: [],
};

const missing = (field: string, message: string): RequestTransition => ({
  ok: false,
  reason: 'missing_fields',
  fields: [{ field, message }],
});

export function applyRequestAction(request: RequestState, input: RequestAction): RequestTransition {
  if (!ALLOWED[request.status].includes(input.action)) {
    return {
      ok: false,
      reason: 'wrong_status',
      fields: [
        { field: 'action', message: `A ${request.status} request cannot be moved by "${input.action}".` },
      ],
    };
  }
  switch (input.action) {
    case 'specify':
      if (!input.specification?.trim()) return missing('specification', 'Write the specification.');
      return { ok: true, status: 'specified', overridden: false };
    case 'estimate': {
      if (!request.specification.trim())
        return missing('specification', 'Specify the request before estimating it.');
      const fields: FieldError[] = [];
      if (input.hours === undefined) fields.push({ field: 'hours', message: 'Give the hours.' });
      if (input.costMinor === undefined) fields.push({ field: 'costMinor', message: 'Give the cost.' });
      if (fields.length > 0) return { ok: false, reason: 'missing_fields', fields };
      return { ok: true, status: 'estimated', overridden: false };
    }
    case 'approve':
      if (!input.approvedByName?.trim() && !input.approvedByContactId)
        return missing('approvedByName', 'Say who approved the cost on the client side.');
      return { ok: true, status: 'approved', overridden: false };
    case 'start':
      if (request.status === 'approved') return { ok: true, status: 'in_work', overridden: false };
      if (!input.overrideReason?.trim())
        return missing('overrideReason', 'The cost is not approved yet: give a reason to start anyway.');
      return { ok: true, status: 'in_work', overridden: true };
    case 'deliver':
      return { ok: true, status: 'delivered', overridden: false };
    case 'accept':
      return { ok: true, status: 'accepted', overridden: false };
    case 'rework':
      return { ok: true, status: 'in_work', overridden: false };
    case 'cancel':
      return { ok: true, status: 'cancelled', overridden: false };
  }
}
