import nodemailer from 'nodemailer';
import type { DbOrTx } from '../db/client.ts';
import { loadMoneySettings, type StoredMoneySettings } from '../money/money-settings.ts';

/**
 * The workspace's one outgoing mail server (SMTP), used by overdue-invoice e-mails, meeting
 * minutes and the daily digest. It is set with the money settings (`PUT /settings/money
 * {smtp}`, *Settings → Money*), where the password is kept out of every answer and the audit log.
 */
export type SmtpConfig = StoredMoneySettings['smtp'];

/** The workspace's SMTP settings, or null when they are not enough to send. */
export async function loadSmtp(db: DbOrTx, workspaceId: string): Promise<SmtpConfig | null> {
  const settings = await loadMoneySettings(db, workspaceId);
  return smtpReady(settings) ? settings.smtp : null;
}

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
}

/** Whether the workspace's SMTP settings are enough to send. */
export function smtpReady(settings: Pick<StoredMoneySettings, 'smtp'>): boolean {
  return Boolean(settings.smtp.host && settings.smtp.from && settings.smtp.port);
}

/** Sends one e-mail through the workspace's SMTP server (nodemailer); throws when it refuses. */
export async function sendMail(
  settings: Pick<StoredMoneySettings, 'smtp'>,
  mail: OutgoingMail,
): Promise<void> {
  const { host, port, secure, user, password, from } = settings.smtp;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: user ? { user, pass: password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({ from, ...mail });
  } finally {
    transport.close();
  }
}
