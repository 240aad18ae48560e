import nodemailer from 'nodemailer';
import type { StoredMoneySettings } from './money-settings.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Whether the workspace's SMTP settings are enough to send. */
export function smtpReady(settings: StoredMoneySettings): boolean {
  return Boolean(settings.smtp.host && settings.smtp.from && settings.smtp.port);
}

/** Sends one e-mail through the workspace's SMTP server (nodemailer); throws when it refuses. */
export async function sendMail(settings: StoredMoneySettings, mail: OutgoingMail): Promise<void> {
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
