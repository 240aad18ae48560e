import { describe, expect, it } from 'vitest';
import { minutesMailto, renderMinutes } from './minutes.ts';

describe('meeting minutes', () => {
  it('renders a Markdown protocol with numbered decisions in the workspace language', () => {
    const text = renderMinutes({
      title: 'Планёрка',
      companyName: 'ООО Ромашка',
      heldAt: new Date('2026-03-10T07:00:00Z'),
      timeZone: 'Europe/Moscow',
      locale: 'ru',
      attendees: ['Иванова', 'Петров'],
      agenda: 'Сроки',
      minutes: 'Обсудили релиз',
      decisions: [
        { text: 'Прислать смету', owner: 'Иванова', dueOn: '2026-03-12' },
        { text: 'Согласовать макет', owner: null, dueOn: null },
      ],
    });
    expect(text).toContain('# Планёрка');
    expect(text).toContain('**Участники:** Иванова, Петров');
    expect(text).toContain('10:00');
    expect(text).toContain('1. Прислать смету (ответственный: Иванова, срок: 2026-03-12)');
    expect(text).toContain('2. Согласовать макет\n');
  });

  it('leaves out empty sections and encodes a mailto link', () => {
    const text = renderMinutes({
      title: 'Sync',
      companyName: 'Acme',
      heldAt: new Date('2026-03-10T07:00:00Z'),
      timeZone: 'UTC',
      locale: 'en',
      attendees: [],
      agenda: '',
      minutes: '',
      decisions: [],
    });
    expect(text).not.toContain('## Agenda');
    expect(text).toContain('**Attendees:** —');
    expect(minutesMailto(['a@x.test', 'b@x.test'], 'Sync & notes', 'Line 1\nLine 2')).toBe(
      'mailto:a%40x.test,b%40x.test?subject=Sync%20%26%20notes&body=Line%201%0ALine%202',
    );
  });
});
