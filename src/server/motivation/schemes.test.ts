import { describe, expect, it } from 'vitest';
import { schemeForUser } from './schemes.ts';

const scheme = (
  name: string,
  validFrom: string,
  assignedRoles: string[],
  assignedUserIds: string[] = [],
) => ({
  name,
  validFrom,
  assignedRoles,
  assignedUserIds,
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

describe('which scheme applies to a person', () => {
  const byRole = scheme('sales', '2026-01-01', ['sales']);
  const newerByRole = scheme('sales v2', '2026-03-01', ['sales']);
  const personal = scheme('Ivanova', '2025-01-01', [], ['u-ivanova']);

  it('a scheme naming the person wins over one for their role, however old', () => {
    expect(schemeForUser([byRole, personal, newerByRole], { id: 'u-ivanova', roles: ['sales'] })?.name).toBe(
      'Ivanova',
    );
  });

  it('among role schemes the latest version wins; none when no role matches', () => {
    expect(schemeForUser([byRole, newerByRole], { id: 'u-petrov', roles: ['sales', 'am'] })?.name).toBe(
      'sales v2',
    );
    expect(schemeForUser([byRole, newerByRole], { id: 'u-pm', roles: ['pm'] })).toBeNull();
  });
});
