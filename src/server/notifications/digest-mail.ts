/**
 * The daily digest e-mail in the person's language: unread notifications and the tasks that are
 * due today or overdue. Pure: the caller passes what to say and the workspace's time zone.
 */
export interface DigestInput {
  locale: 'ru' | 'en';
  name: string;
  workspaceName: string;
  timeZone: string;
  /** Absolute address of the web app, when known (for links). */
  appUrl: string | null;
  notifications: { kind: string; params: Record<string, string | number | null>; actorName: string | null }[];
  unreadTotal: number;
  tasks: { title: string; dueAt: Date; companyName: string | null; overdue: boolean }[];
}

const WORDS = {
  ru: {
    subject: (workspace: string) => `Tandem, ${workspace}: сводка на сегодня`,
    hello: (name: string) => `Здравствуйте, ${name}!`,
    notifications: (n: number) => `Непрочитанные уведомления (${n}):`,
    more: (n: number) => `…и ещё ${n}.`,
    tasks: 'Задачи на сегодня и просроченные:',
    overdue: 'просрочена',
    nothing: 'Новых уведомлений и задач на сегодня нет.',
    open: (url: string) => `Открыть Tandem: ${url}`,
    footer: 'Вы получаете это письмо, потому что включили ежедневную сводку в «Моих настройках».',
    someone: 'Tandem',
    kinds: {
      task_assigned: (p: Params) => `${p.actor} поставил(а) вам задачу: ${p.title}`,
      robot_task: (p: Params) => `Новая задача: ${p.title}`,
      assignment: (p: Params) => `${p.actor} назначил(а) вас ответственным (${p.subject})`,
      mention: (p: Params) => `${p.actor} упомянул(а) вас: ${p.excerpt}`,
      approval: (p: Params) => `${p.actor} просит вашего согласования: ${p.title}`,
    } as Record<string, (p: Params) => string>,
  },
  en: {
    subject: (workspace: string) => `Tandem, ${workspace}: your day`,
    hello: (name: string) => `Hello ${name},`,
    notifications: (n: number) => `Unread notifications (${n}):`,
    more: (n: number) => `…and ${n} more.`,
    tasks: 'Tasks due today and overdue:',
    overdue: 'overdue',
    nothing: 'No new notifications and no tasks for today.',
    open: (url: string) => `Open Tandem: ${url}`,
    footer: 'You receive this because the daily digest is on in your settings.',
    someone: 'Tandem',
    kinds: {
      task_assigned: (p: Params) => `${p.actor} gave you a task: ${p.title}`,
      robot_task: (p: Params) => `New task: ${p.title}`,
      assignment: (p: Params) => `${p.actor} assigned you (${p.subject})`,
      mention: (p: Params) => `${p.actor} mentioned you: ${p.excerpt}`,
      approval: (p: Params) => `${p.actor} asks for your approval: ${p.title}`,
    } as Record<string, (p: Params) => string>,
  },
};
type Params = Record<string, string | number | null>;

export function digestMail(input: DigestInput): { subject: string; text: string } | null {
  if (input.notifications.length === 0 && input.tasks.length === 0) return null;
  const words = WORDS[input.locale];
  const time = new Intl.DateTimeFormat(input.locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: input.timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const lines = [words.hello(input.name), ''];
  if (input.notifications.length > 0) {
    lines.push(words.notifications(input.unreadTotal));
    for (const item of input.notifications) {
      const say = words.kinds[item.kind];
      const params = { ...item.params, actor: item.actorName ?? words.someone };
      lines.push(`- ${say ? say(params) : item.kind}`);
    }
    if (input.unreadTotal > input.notifications.length)
      lines.push(words.more(input.unreadTotal - input.notifications.length));
    lines.push('');
  }
  if (input.tasks.length > 0) {
    lines.push(words.tasks);
    for (const task of input.tasks) {
      const where = task.companyName ? ` — ${task.companyName}` : '';
      lines.push(
        `- ${time.format(task.dueAt)}${task.overdue ? ` (${words.overdue})` : ''}: ${task.title}${where}`,
      );
    }
    lines.push('');
  }
  if (input.appUrl) lines.push(words.open(input.appUrl), '');
  lines.push('--', words.footer);
  return { subject: words.subject(input.workspaceName), text: lines.join('\n') };
}
