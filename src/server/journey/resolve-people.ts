import type { Slot, SlotRole } from './schema.ts';

/** Who a client has in each role that a touchpoint can name. */
export interface ClientPeople {
  /** The account manager: the company's owner. */
  am: string | null;
  /** The PM of the client's current project. */
  pm: string | null;
  /** The BizDev manager of the client's latest deal that has one. */
  bizdev: string | null;
  /** The closer: the owner of the client's first won deal. */
  sales: string | null;
  /** The lead of the AM's team. */
  team_lead: string | null;
}

export interface SlotDefinition {
  role: SlotRole | null;
  userId: string | null;
}

export type TouchpointSlots = Record<Slot, SlotDefinition>;

export interface ResolvedSlot {
  role: SlotRole | null;
  userId: string | null;
}

/**
 * The person filling one role of a touchpoint for a client: the named person when the touchpoint
 * says so, else whoever holds that role for the client. `active` leaves out people who can no
 * longer work (deactivated), so such a role counts as nobody.
 */
export function resolveSlot(
  slot: SlotDefinition,
  people: ClientPeople,
  active: (userId: string) => boolean = () => true,
): ResolvedSlot {
  const userId = slot.role === null ? null : slot.role === 'person' ? slot.userId : people[slot.role];
  return { role: slot.role, userId: userId && active(userId) ? userId : null };
}

/** The three people of a touchpoint for one client. */
export function resolveTouchpointPeople(
  touchpoint: TouchpointSlots,
  people: ClientPeople,
  active?: (userId: string) => boolean,
): Record<Slot, ResolvedSlot> {
  return {
    responsible: resolveSlot(touchpoint.responsible, people, active),
    communicator: resolveSlot(touchpoint.communicator, people, active),
    support: resolveSlot(touchpoint.support, people, active),
  };
}
