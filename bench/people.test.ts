import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/server/access/roles.ts';
import { ADMIN_EMAIL, staff } from './people.ts';

describe('staff', () => {
  it('is 199 people besides the admin, with unique e-mails and known roles', () => {
    const people = staff();
    expect(people).toHaveLength(199);
    const emails = people.map((person) => person.email);
    expect(new Set([...emails, ADMIN_EMAIL]).size).toBe(200);
    for (const person of people) for (const role of person.roles) expect(ROLES).toContain(role);
    expect(emails).toContain('am01@bench.tandem.test');
    expect(people.filter((person) => person.roles.includes('am'))).toHaveLength(60);
  });
});
