import { describe, expect, it } from 'vitest';
import { digestMail } from './digest-mail.ts';

const base = {
  name: 'Анна',
  workspaceName: 'Acme Digital',
  timeZone: 'Europe/Moscow',
  appUrl: 'https://crm.acme.example',
  unreadTotal: 0,
  notifications: [],
  tasks: [],
};

describe('digestMail', () => {
  it('says nothing when there is nothing to say', () => {
    expect(digestMail({ ...base, locale: 'ru' })).toBeNull();
  });

  it('lists unread notifications and today’s and overdue tasks in Russian, in the workspace’s time', () => {
    const mail = digestMail({
      ...base,
      locale: 'ru',
      unreadTotal: 3,
      notifications: [
        { kind: 'task_assigned', params: { title: 'Подготовить КП' }, actorName: 'Олег' },
        { kind: 'robot_task', params: { title: 'Связаться с клиентом' }, actorName: null },
      ],
      tasks: [
        {
          title: 'Позвонить',
          dueAt: new Date('2026-12-01T06:30:00Z'),
          companyName: 'Ромашка',
          overdue: true,
        },
      ],
    })!;
    expect(mail.subject).toBe('Tandem, Acme Digital: сводка на сегодня');
    expect(mail.text).toContain('Здравствуйте, Анна!');
    expect(mail.text).toContain('Непрочитанные уведомления (3):');
    expect(mail.text).toContain('- Олег поставил(а) вам задачу: Подготовить КП');
    expect(mail.text).toContain('- Новая задача: Связаться с клиентом');
    expect(mail.text).toContain('…и ещё 1.');
    // 06:30 UTC is 09:30 in Moscow.
    expect(mail.text).toMatch(/- 1 дек\.?, 09:30 \(просрочена\): Позвонить — Ромашка/);
    expect(mail.text).toContain('Открыть Tandem: https://crm.acme.example');
  });

  it('speaks English to an English speaker', () => {
    const mail = digestMail({
      ...base,
      locale: 'en',
      name: 'Olivia',
      unreadTotal: 1,
      notifications: [{ kind: 'mention', params: { excerpt: '@olivia see the brief' }, actorName: 'Sam' }],
    })!;
    expect(mail.subject).toBe('Tandem, Acme Digital: your day');
    expect(mail.text).toContain('- Sam mentioned you: @olivia see the brief');
  });
});
