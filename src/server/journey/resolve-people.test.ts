import { describe, expect, it } from 'vitest';
import { type ClientPeople, resolveSlot, resolveTouchpointPeople } from './resolve-people.ts';

const people: ClientPeople = { am: 'am-1', pm: 'pm-1', bizdev: null, sales: 'closer-1', team_lead: 'lead-1' };

describe('resolving the three people of a touchpoint for a client', () => {
  it('takes each role from the client: AM, PM, closer, team lead', () => {
    expect(
      resolveTouchpointPeople(
        {
          responsible: { role: 'am', userId: null },
          communicator: { role: 'pm', userId: null },
          support: { role: 'team_lead', userId: null },
        },
        people,
      ),
    ).toEqual({
      responsible: { role: 'am', userId: 'am-1' },
      communicator: { role: 'pm', userId: 'pm-1' },
      support: { role: 'team_lead', userId: 'lead-1' },
    });
    expect(resolveSlot({ role: 'sales', userId: null }, people)).toEqual({
      role: 'sales',
      userId: 'closer-1',
    });
  });

  it('takes the named person when the touchpoint names one, whoever the client’s people are', () => {
    expect(resolveSlot({ role: 'person', userId: 'lawyer-1' }, people)).toEqual({
      role: 'person',
      userId: 'lawyer-1',
    });
  });

  it('gives nobody when the client has no one in the role, the role is empty, or the person left', () => {
    expect(resolveSlot({ role: 'bizdev', userId: null }, people).userId).toBeNull();
    expect(resolveSlot({ role: null, userId: null }, people)).toEqual({ role: null, userId: null });
    expect(resolveSlot({ role: 'am', userId: null }, people, (id) => id !== 'am-1').userId).toBeNull();
  });
});
