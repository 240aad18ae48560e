import type { JobRole, Slot, SlotRole } from './schema.ts';

export type JobLocale = 'ru' | 'en';

export interface MapForJobs {
  stages: {
    name: string;
    touchpoints: {
      name: string;
      description: string;
      expectedDays: number;
      responsible: { role: SlotRole | null };
      communicator: { role: SlotRole | null };
      support: { role: SlotRole | null };
    }[];
  }[];
}

export const ROLE_TITLES: Record<JobLocale, Record<JobRole, string>> = {
  ru: {
    am: 'Аккаунт-менеджер',
    pm: 'Проектный менеджер',
    bizdev: 'Менеджер по развитию бизнеса (BizDev)',
    sales: 'Менеджер по продажам (closer)',
    team_lead: 'Руководитель группы',
  },
  en: {
    am: 'Account manager',
    pm: 'Project manager',
    bizdev: 'Business development manager (BizDev)',
    sales: 'Sales manager (closer)',
    team_lead: 'Team lead',
  },
};

const TEXT = {
  ru: {
    title: (role: string) => `# Должностная инструкция: ${role}`,
    intro:
      'Составлена по карте пути клиента: в каких точках контакта сотрудник отвечает за результат, ведёт коммуникацию с клиентом или помогает коллегам.',
    summary: (r: number, c: number, s: number) =>
      `Всего: отвечает — ${r}, коммуникатор — ${c}, поддержка — ${s}.`,
    slots: { responsible: 'Отвечает за', communicator: 'Коммуникатор', support: 'Поддержка' },
    days: (n: number) => `срок ${n} дн.`,
    none: 'По текущей карте у этой роли нет точек контакта.',
  },
  en: {
    title: (role: string) => `# Job description: ${role}`,
    intro:
      'Built from the customer journey map: the touchpoints where this person is responsible for the result, communicates with the client, or supports colleagues.',
    summary: (r: number, c: number, s: number) =>
      `In all: responsible for ${r}, communicator on ${c}, support on ${s}.`,
    slots: { responsible: 'Responsible for', communicator: 'Communicator', support: 'Support' },
    days: (n: number) => `${n} day${n === 1 ? '' : 's'}`,
    none: 'The current map gives this role no touchpoints.',
  },
} as const;

const SLOT_ORDER: Slot[] = ['responsible', 'communicator', 'support'];

/**
 * A job description for a role, in Markdown: the touchpoints it is responsible for, communicates
 * on or supports, grouped by stage in the map's order (seed 001: the map became job descriptions).
 */
export function generateJobDescription(role: JobRole, map: MapForJobs, locale: JobLocale): string {
  const text = TEXT[locale];
  const counts: Record<Slot, number> = { responsible: 0, communicator: 0, support: 0 };
  const sections: string[] = [];
  for (const stage of map.stages) {
    const lines: string[] = [];
    for (const slot of SLOT_ORDER) {
      const mine = stage.touchpoints.filter((touchpoint) => touchpoint[slot].role === role);
      if (mine.length === 0) continue;
      counts[slot] += mine.length;
      lines.push(`**${text.slots[slot]}:**`, '');
      for (const touchpoint of mine) {
        const detail = touchpoint.description ? ` — ${touchpoint.description}` : '';
        lines.push(`- ${touchpoint.name} (${text.days(touchpoint.expectedDays)})${detail}`);
      }
      lines.push('');
    }
    if (lines.length > 0) sections.push(`## ${stage.name}`, '', ...lines);
  }
  const head = [text.title(ROLE_TITLES[locale][role]), '', text.intro, ''];
  if (sections.length === 0) return [...head, text.none, ''].join('\n');
  return [
    ...head,
    text.summary(counts.responsible, counts.communicator, counts.support),
    '',
    ...sections,
  ].join('\n');
}
