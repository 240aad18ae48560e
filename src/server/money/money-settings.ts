import { eq, sql } from 'drizzle-orm';
import type { MoneySettings, UpdateMoneySettingsBody } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { workspaces } from '../workspaces/schema.ts';

/**
 * The workspace's money settings live in workspaces.settings.money; anything not stored takes
 * its default here, so an older workspace reads the same as a new one. The SMTP password is kept
 * there too and never sent back (only whether it is set).
 */
export interface StoredMoneySettings {
  vatEnabled: boolean;
  defaultVatRateBp: number;
  invoiceNumberPrefix: string;
  defaultPaymentTermsDays: number;
  bank: MoneySettings['bank'];
  smtp: Omit<MoneySettings['smtp'], 'passwordSet'> & { password: string | null };
  overdueEmails: boolean;
  cardPaymentSizes: MoneySettings['cardPaymentSizes'];
}

export const DEFAULT_MONEY_SETTINGS: StoredMoneySettings = {
  vatEnabled: true,
  // Russia's standard VAT rate from 2026-01-01.
  defaultVatRateBp: 2200,
  invoiceNumberPrefix: '',
  defaultPaymentTermsDays: 5,
  bank: {
    recipient: '',
    inn: '',
    kpp: '',
    bankName: '',
    bik: '',
    account: '',
    correspondentAccount: '',
    address: '',
    iban: '',
    swift: '',
  },
  smtp: { host: '', port: 587, secure: false, user: '', from: '', password: null },
  overdueEmails: false,
  cardPaymentSizes: [],
};

function merge(stored: unknown): StoredMoneySettings {
  const value = (stored ?? {}) as Partial<StoredMoneySettings>;
  const pick = <K extends keyof StoredMoneySettings>(key: K, check: (v: unknown) => boolean) =>
    check(value[key]) ? (value[key] as StoredMoneySettings[K]) : DEFAULT_MONEY_SETTINGS[key];
  return {
    vatEnabled: pick('vatEnabled', (v) => typeof v === 'boolean'),
    defaultVatRateBp: pick('defaultVatRateBp', (v) => Number.isInteger(v)),
    invoiceNumberPrefix: pick('invoiceNumberPrefix', (v) => typeof v === 'string'),
    defaultPaymentTermsDays: pick('defaultPaymentTermsDays', (v) => Number.isInteger(v)),
    bank: { ...DEFAULT_MONEY_SETTINGS.bank, ...(value.bank ?? {}) },
    smtp: { ...DEFAULT_MONEY_SETTINGS.smtp, ...(value.smtp ?? {}) },
    overdueEmails: pick('overdueEmails', (v) => typeof v === 'boolean'),
    cardPaymentSizes: pick('cardPaymentSizes', (v) => Array.isArray(v)),
  };
}

export async function loadMoneySettings(
  db: DbOrTx,
  workspaceId: string,
): Promise<
  StoredMoneySettings & {
    timeZone: string;
    defaultCurrency: string;
    defaultLocale: 'ru' | 'en';
    workspaceName: string;
  }
> {
  const [row] = await db
    .select({
      settings: workspaces.settings,
      timeZone: workspaces.timeZone,
      defaultCurrency: workspaces.defaultCurrency,
      defaultLocale: workspaces.defaultLocale,
      name: workspaces.name,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return {
    ...merge((row?.settings as { money?: unknown } | undefined)?.money),
    timeZone: row?.timeZone ?? 'UTC',
    defaultCurrency: row?.defaultCurrency ?? 'RUB',
    defaultLocale: row?.defaultLocale ?? 'ru',
    workspaceName: row?.name ?? '',
  };
}

export function toMoneySettings(stored: StoredMoneySettings): MoneySettings {
  const { password, ...smtp } = stored.smtp;
  return {
    vatEnabled: stored.vatEnabled,
    defaultVatRateBp: stored.defaultVatRateBp,
    invoiceNumberPrefix: stored.invoiceNumberPrefix,
    defaultPaymentTermsDays: stored.defaultPaymentTermsDays,
    bank: stored.bank,
    smtp: { ...smtp, passwordSet: Boolean(password) },
    overdueEmails: stored.overdueEmails,
    cardPaymentSizes: stored.cardPaymentSizes,
  };
}

export async function updateMoneySettings(
  db: Db,
  actor: Actor,
  input: UpdateMoneySettingsBody,
): Promise<MoneySettings> {
  return db.transaction(async (tx) => {
    const {
      timeZone: _t,
      defaultCurrency: _c,
      workspaceName: _n,
      ...before
    } = await loadMoneySettings(tx, actor.workspaceId);
    const { password, ...smtpChanges } = input.smtp ?? {};
    const after: StoredMoneySettings = {
      vatEnabled: input.vatEnabled ?? before.vatEnabled,
      defaultVatRateBp: input.defaultVatRateBp ?? before.defaultVatRateBp,
      invoiceNumberPrefix: input.invoiceNumberPrefix ?? before.invoiceNumberPrefix,
      defaultPaymentTermsDays: input.defaultPaymentTermsDays ?? before.defaultPaymentTermsDays,
      bank: { ...before.bank, ...input.bank },
      smtp: {
        ...before.smtp,
        ...smtpChanges,
        password: password === undefined ? before.smtp.password : password,
      },
      overdueEmails: input.overdueEmails ?? before.overdueEmails,
      cardPaymentSizes: input.cardPaymentSizes ?? before.cardPaymentSizes,
    };
    await tx
      .update(workspaces)
      .set({
        settings: sql`${workspaces.settings} || jsonb_build_object('money', ${JSON.stringify(after)}::jsonb)`,
      })
      .where(eq(workspaces.id, actor.workspaceId));
    // The audit shows whether the password changed, never the password.
    await recordAudit(tx, {
      ...auditFor(actor, 'workspace', actor.workspaceId),
      action: 'update',
      before: { money: toMoneySettings(before) },
      after: { money: { ...toMoneySettings(after), passwordChanged: password !== undefined } },
    });
    return toMoneySettings(after);
  });
}

/** The payment methods a client accepts by default: card too for the sizes the workspace allows. */
export function defaultPaymentMethods(
  settings: Pick<StoredMoneySettings, 'cardPaymentSizes'>,
  companySize: string | null,
): ('bank_transfer' | 'card')[] {
  return companySize && (settings.cardPaymentSizes as string[]).includes(companySize)
    ? ['bank_transfer', 'card']
    : ['bank_transfer'];
}

/**
 * The workspace's settings JSON without secrets, for anything that shows it whole (GET /workspace,
 * its audit entries): the SMTP password becomes whether one is set.
 */
export function withoutMoneySecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const money = settings.money as { smtp?: { password?: unknown } } | undefined;
  if (!money?.smtp || !('password' in money.smtp)) return settings;
  const { password, ...smtp } = money.smtp;
  return { ...settings, money: { ...money, smtp: { ...smtp, passwordSet: Boolean(password) } } };
}
