import { describe, expect, it } from 'vitest';
import { generateJobDescription, type MapForJobs } from './job-description.ts';

const tp = (
  name: string,
  responsible: 'am' | 'pm' | null,
  communicator: 'am' | 'pm' | null,
  support: 'am' | 'pm' | 'team_lead' | null,
) => ({
  name,
  description: `${name} description`,
  expectedDays: 2,
  responsible: { role: responsible },
  communicator: { role: communicator },
  support: { role: support },
});

const map: MapForJobs = {
  stages: [
    {
      name: 'Onboarding',
      touchpoints: [tp('Kick-off', 'pm', 'am', 'team_lead'), tp('Access', 'pm', 'pm', null)],
    },
    { name: 'Reporting', touchpoints: [tp('Monthly report', 'am', 'am', 'pm')] },
    { name: 'Empty stage', touchpoints: [] },
  ],
};

describe('job descriptions from the map', () => {
  it('lists what a role is responsible for, communicates and supports, grouped by stage in order', () => {
    const text = generateJobDescription('am', map, 'en');
    expect(text).toContain('# Job description: Account manager');
    expect(text).toContain('In all: responsible for 1, communicator on 2, support on 0.');
    expect(text.indexOf('## Onboarding')).toBeLessThan(text.indexOf('## Reporting'));
    expect(text).not.toContain('## Empty stage');
    const onboarding = text.slice(text.indexOf('## Onboarding'), text.indexOf('## Reporting'));
    expect(onboarding).toContain('**Communicator:**\n\n- Kick-off (2 days) — Kick-off description');
    expect(onboarding).not.toContain('Access');
  });

  it('writes Russian too, and says so when a role has no touchpoints', () => {
    const pm = generateJobDescription('pm', map, 'ru');
    expect(pm).toContain('# Должностная инструкция: Проектный менеджер');
    expect(pm).toContain('**Отвечает за:**\n\n- Kick-off (срок 2 дн.)');
    expect(pm).toContain('**Поддержка:**\n\n- Monthly report');
    expect(generateJobDescription('bizdev', map, 'en')).toContain(
      'The current map gives this role no touchpoints.',
    );
  });
});
