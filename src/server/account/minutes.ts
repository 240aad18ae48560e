/**
 * The minutes of a meeting as a Markdown document, for download and e-mail. Pure.
 */
export interface MinutesInput {
  title: string;
  companyName: string;
  heldAt: Date;
  timeZone: string;
  locale: 'ru' | 'en';
  attendees: string[];
  agenda: string;
  minutes: string;
  decisions: { text: string; owner: string | null; dueOn: string | null }[];
}

const LABELS = {
  ru: {
    client: 'Клиент',
    date: 'Дата',
    attendees: 'Участники',
    agenda: 'Повестка',
    minutes: 'Протокол',
    decisions: 'Решения и следующие шаги',
    owner: 'ответственный',
    due: 'срок',
  },
  en: {
    client: 'Client',
    date: 'Date',
    attendees: 'Attendees',
    agenda: 'Agenda',
    minutes: 'Minutes',
    decisions: 'Decisions and next steps',
    owner: 'owner',
    due: 'due',
  },
} as const;

export function renderMinutes(input: MinutesInput): string {
  const l = LABELS[input.locale];
  const when = new Intl.DateTimeFormat(input.locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: input.timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(input.heldAt);
  const lines = [
    `# ${input.title}`,
    '',
    `**${l.client}:** ${input.companyName}  `,
    `**${l.date}:** ${when}  `,
    `**${l.attendees}:** ${input.attendees.join(', ') || '—'}`,
    '',
  ];
  if (input.agenda.trim()) lines.push(`## ${l.agenda}`, '', input.agenda.trim(), '');
  if (input.minutes.trim()) lines.push(`## ${l.minutes}`, '', input.minutes.trim(), '');
  if (input.decisions.length > 0) {
    lines.push(`## ${l.decisions}`, '');
    input.decisions.forEach((decision, index) => {
      const extra = [
        decision.owner ? `${l.owner}: ${decision.owner}` : null,
        decision.dueOn ? `${l.due}: ${decision.dueOn}` : null,
      ].filter(Boolean);
      lines.push(`${index + 1}. ${decision.text}${extra.length ? ` (${extra.join(', ')})` : ''}`);
    });
    lines.push('');
  }
  return lines.join('\n');
}

/** A mailto: link with the minutes, for when the workspace sends no e-mail itself. */
export function minutesMailto(recipients: string[], subject: string, body: string): string {
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return `mailto:${recipients.map(encodeURIComponent).join(',')}?${query}`;
}
