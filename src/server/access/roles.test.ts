import { describe, expect, it } from 'vitest';
import { permissionsOf, scopeKindOf } from './roles.ts';

describe('roles', () => {
  it('gives the widest scope among a person’s roles', () => {
    expect(scopeKindOf(['am'])).toBe('own');
    expect(scopeKindOf(['am', 'team_lead'])).toBe('team');
    expect(scopeKindOf(['pm', 'head'])).toBe('all');
    expect(scopeKindOf([])).toBe('own');
  });

  it('unites the permissions of several roles', () => {
    const pmAndAm = permissionsOf(['pm', 'am']);
    expect(pmAndAm.has('money:read')).toBe(true);
    expect(pmAndAm.has('settings:manage')).toBe(false);
    expect(permissionsOf(['finance']).has('crm:write')).toBe(false);
    expect(permissionsOf(['admin']).has('users:manage')).toBe(true);
  });
});
