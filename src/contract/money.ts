import { z } from 'zod';
import {
  FieldError,
  Id,
  IsoDate,
  IsoDateTime,
  MinorUnits,
  PageQuery,
  pageOf,
  QueryBoolean,
  Version,
} from './common.ts';
import { COMPANY_SIZES } from './companies.ts';

/**
 * Money (issue 5): services, contracts, invoices, acts, payments, bank statements, revenue facts,
 * client budgets and the workspace's money settings. Amounts are integers of minor units
 * (kopecks, cents) beside an ISO 4217 currency; VAT rates are basis points (2000 = 20 %);
 * quantities travel as decimal strings with up to three decimals ("1.5") and are stored as
 * integer thousandths. No floating point anywhere. See docs/money.md.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

const KNOWN_CURRENCIES = new Set<string>(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['RUB', 'USD', 'EUR'],
);

/** An ISO 4217 code the runtime knows (RUB, USD, EUR, AZN, …); unknown codes are refused. */
export const MoneyCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (code) => /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code),
    'must be a known ISO 4217 currency code such as RUB, USD or EUR',
  );

/** An amount that must be above zero (payments, allocations). */
export const PositiveMinorUnits = z.number().int().min(1, 'must be above zero').max(Number.MAX_SAFE_INTEGER);

/** VAT rate in basis points: 2000 = 20 %, 1000 = 10 %, 0 = 0 %. */
export const VatRateBp = z.number().int().min(0).max(10000);

/** A quantity as a decimal string with up to 3 decimals: "1", "2.5", "0.125". Above zero. */
export const Quantity = z
  .string()
  .trim()
  .regex(/^\d{1,9}([.,]\d{1,3})?$/, 'must be a positive number with up to 3 decimals, e.g. 1 or 2.5')
  .refine((value) => /[1-9]/.test(value), 'must be above zero');

export const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash'] as const;
export const PaymentMethod = z.enum(PAYMENT_METHODS);
/** The payment methods a client may use; printed plainly on the invoice. */
export const PaymentMethods = z
  .array(PaymentMethod)
  .min(1, 'name at least one accepted payment method')
  .transform((methods) => [...new Set(methods)]);

export const DOCUMENT_LANGUAGES = ['ru', 'en'] as const;
export const DocumentLanguage = z.enum(DOCUMENT_LANGUAGES);

const text = (max: number) => z.string().trim().max(max);

// ---------------------------------------------------------------------------------------------
// Services catalogue

export const SERVICE_BILLINGS = ['one_off', 'monthly'] as const;

export const Service = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  unit: z.string(),
  billing: z.enum(SERVICE_BILLINGS),
  priceMinor: MinorUnits,
  currency: z.string(),
  /** null: the workspace's default VAT rate applies. */
  vatRateBp: VatRateBp.nullable(),
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Service = z.infer<typeof Service>;

export const CreateServiceBody = z.object({
  name: text(300).min(1, 'is required'),
  description: text(5000).optional(),
  unit: text(30).optional(),
  billing: z.enum(SERVICE_BILLINGS).optional(),
  priceMinor: MinorUnits,
  currency: MoneyCurrency,
  vatRateBp: VatRateBp.nullable().optional(),
});
export type CreateServiceBody = z.infer<typeof CreateServiceBody>;

export const UpdateServiceBody = CreateServiceBody.partial().extend({ version: Version });
export type UpdateServiceBody = z.infer<typeof UpdateServiceBody>;

export const ListServicesQuery = z.object({
  ...PageQuery,
  billing: z.enum(SERVICE_BILLINGS).optional(),
  archived: QueryBoolean.optional(),
});
export type ListServicesQuery = z.infer<typeof ListServicesQuery>;
export const ServicePage = pageOf(Service);

// ---------------------------------------------------------------------------------------------
// Contracts

export const CONTRACT_STATUSES = ['draft', 'active', 'ended', 'cancelled'] as const;

export const Contract = z.object({
  id: Id,
  companyId: Id,
  companyName: z.string(),
  dealId: Id.nullable(),
  number: z.string(),
  title: z.string(),
  signedOn: IsoDate.nullable(),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable(),
  terms: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  currency: z.string(),
  /** Set on a recurring contract: invoiced automatically every month. */
  monthlyFeeMinor: MinorUnits.nullable(),
  monthlyServiceId: Id.nullable(),
  recurring: z.boolean(),
  vatRateBp: VatRateBp.nullable(),
  paymentMethods: z.array(PaymentMethod),
  paymentTermsDays: z.number().int(),
  billingEmail: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Contract = z.infer<typeof Contract>;

const ContractFields = {
  dealId: Id.nullable(),
  number: text(100).min(1, 'is required'),
  title: text(300),
  signedOn: IsoDate.nullable(),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable(),
  terms: text(20000),
  status: z.enum(CONTRACT_STATUSES),
  currency: MoneyCurrency,
  monthlyFeeMinor: PositiveMinorUnits.nullable(),
  monthlyServiceId: Id.nullable(),
  vatRateBp: VatRateBp.nullable(),
  paymentMethods: PaymentMethods,
  paymentTermsDays: z.number().int().min(0).max(365),
  billingEmail: z.email().nullable(),
};

export const CreateContractBody = z.object({
  companyId: Id,
  number: ContractFields.number,
  startsOn: ContractFields.startsOn,
  currency: ContractFields.currency.optional(),
  dealId: ContractFields.dealId.optional(),
  title: ContractFields.title.optional(),
  signedOn: ContractFields.signedOn.optional(),
  endsOn: ContractFields.endsOn.optional(),
  terms: ContractFields.terms.optional(),
  status: ContractFields.status.optional(),
  monthlyFeeMinor: ContractFields.monthlyFeeMinor.optional(),
  monthlyServiceId: ContractFields.monthlyServiceId.optional(),
  vatRateBp: ContractFields.vatRateBp.optional(),
  paymentMethods: ContractFields.paymentMethods.optional(),
  paymentTermsDays: ContractFields.paymentTermsDays.optional(),
  billingEmail: ContractFields.billingEmail.optional(),
});
export type CreateContractBody = z.infer<typeof CreateContractBody>;

export const UpdateContractBody = z
  .object({ ...ContractFields })
  .partial()
  .extend({ version: Version });
export type UpdateContractBody = z.infer<typeof UpdateContractBody>;

export const ListContractsQuery = z.object({
  ...PageQuery,
  companyId: Id.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  recurring: QueryBoolean.optional(),
});
export type ListContractsQuery = z.infer<typeof ListContractsQuery>;
export const ContractPage = pageOf(Contract);

// ---------------------------------------------------------------------------------------------
// Document lines (invoices and acts share them)

/**
 * One line: from the catalogue (serviceId: description, unit, price and VAT default from it) or
 * free text. vatRateBp omitted → the service's rate, else the workspace default when VAT is on;
 * null → no VAT on this line.
 */
export const LineInput = z.object({
  serviceId: Id.nullable().optional(),
  description: text(1000).optional(),
  unit: text(30).optional(),
  quantity: Quantity,
  unitPriceMinor: MinorUnits.optional(),
  vatRateBp: VatRateBp.nullable().optional(),
});
export type LineInput = z.infer<typeof LineInput>;

export const DocumentLine = z.object({
  id: Id,
  position: z.number().int(),
  serviceId: Id.nullable(),
  description: z.string(),
  unit: z.string(),
  /** Decimal string, e.g. "1.5"; quantityMilli is the same in thousandths (1500). */
  quantity: z.string(),
  quantityMilli: z.number().int(),
  unitPriceMinor: MinorUnits,
  vatRateBp: VatRateBp.nullable(),
  netMinor: MinorUnits,
  vatMinor: MinorUnits,
  totalMinor: MinorUnits,
});
export type DocumentLine = z.infer<typeof DocumentLine>;

const Lines = z.array(LineInput).min(1, 'add at least one line').max(200);

// ---------------------------------------------------------------------------------------------
// Invoices

/** Stored lifecycle plus "overdue": sent or partly paid, past the due date, money still open. */
export const INVOICE_STATUSES = ['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'cancelled'] as const;
export const InvoiceStatus = z.enum(INVOICE_STATUSES);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;
export const INVOICE_ORIGINS = ['manual', 'recurring'] as const;

export const InvoiceSummary = z.object({
  id: Id,
  /** null while a draft; assigned on issue: "2026-0001". */
  number: z.string().nullable(),
  companyId: Id,
  companyName: z.string(),
  contractId: Id.nullable(),
  contractNumber: z.string().nullable(),
  dealId: Id.nullable(),
  budgetBlockId: Id.nullable(),
  origin: z.enum(INVOICE_ORIGINS),
  /** The billed month of a recurring invoice (its first day). */
  periodMonth: IsoDate.nullable(),
  status: InvoiceStatus,
  overdue: z.boolean(),
  currency: z.string(),
  issueDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  paymentMethods: z.array(PaymentMethod),
  language: DocumentLanguage,
  notes: z.string(),
  netMinor: MinorUnits,
  vatMinor: MinorUnits,
  totalMinor: MinorUnits,
  paidMinor: MinorUnits,
  /** totalMinor − paidMinor; 0 for drafts and cancelled invoices is still the arithmetic value. */
  openMinor: MinorUnits,
  issuedAt: IsoDateTime.nullable(),
  paidAt: IsoDateTime.nullable(),
  cancelledAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

export const Invoice = InvoiceSummary.extend({ lines: z.array(DocumentLine) });
export type Invoice = z.infer<typeof Invoice>;

export const CreateInvoiceBody = z.object({
  companyId: Id,
  contractId: Id.nullable().optional(),
  dealId: Id.nullable().optional(),
  budgetBlockId: Id.nullable().optional(),
  /** Defaults to the contract's currency, else the workspace's. Every line is in it. */
  currency: MoneyCurrency.optional(),
  /** Defaults to the contract's accepted methods, else bank transfer. */
  paymentMethods: PaymentMethods.optional(),
  language: DocumentLanguage.optional(),
  notes: text(5000).optional(),
  /** Defaults on issue to the issue date + the contract's (or workspace's) payment terms. */
  dueDate: IsoDate.nullable().optional(),
  lines: Lines,
});
export type CreateInvoiceBody = z.infer<typeof CreateInvoiceBody>;

/** Only a draft can be changed; `lines`, when sent, replace all lines. */
export const UpdateInvoiceBody = z.object({
  version: Version,
  contractId: Id.nullable().optional(),
  dealId: Id.nullable().optional(),
  budgetBlockId: Id.nullable().optional(),
  currency: MoneyCurrency.optional(),
  paymentMethods: PaymentMethods.optional(),
  language: DocumentLanguage.optional(),
  notes: text(5000).optional(),
  dueDate: IsoDate.nullable().optional(),
  lines: Lines.optional(),
});
export type UpdateInvoiceBody = z.infer<typeof UpdateInvoiceBody>;

export const IssueInvoiceBody = z.object({
  version: Version,
  /** Defaults to today in the workspace's time zone. */
  issueDate: IsoDate.optional(),
  dueDate: IsoDate.optional(),
});
export type IssueInvoiceBody = z.infer<typeof IssueInvoiceBody>;

export const CancelInvoiceBody = z.object({ version: Version, reason: text(1000).optional() });
export type CancelInvoiceBody = z.infer<typeof CancelInvoiceBody>;

export const INVOICE_SORTS = ['createdAt', 'issueDate', 'dueDate', 'totalMinor'] as const;

export const ListInvoicesQuery = z.object({
  ...PageQuery,
  status: InvoiceStatus.optional(),
  companyId: Id.optional(),
  contractId: Id.optional(),
  dealId: Id.optional(),
  overdue: QueryBoolean.optional(),
  /** Issue date within [issuedFrom, issuedTo], both inclusive. */
  issuedFrom: IsoDate.optional(),
  issuedTo: IsoDate.optional(),
});
export type ListInvoicesQuery = z.infer<typeof ListInvoicesQuery>;
export const InvoicePage = pageOf(InvoiceSummary);

/** The list's filters, for totals. */
export const InvoiceTotalsQuery = ListInvoicesQuery.omit({ limit: true, cursor: true, sort: true });
export type InvoiceTotalsQuery = z.infer<typeof InvoiceTotalsQuery>;

/** Totals of the invoices a list shows: amounts per currency (issued, not cancelled), counts per status. */
export const InvoiceTotals = z.object({
  totals: z.array(
    z.object({
      currency: z.string(),
      /** Every invoice the filters match, drafts and cancelled included. */
      count: z.number().int(),
      invoicedMinor: MinorUnits,
      paidMinor: MinorUnits,
      openMinor: MinorUnits,
      overdueMinor: MinorUnits,
    }),
  ),
  byStatus: z.array(z.object({ status: InvoiceStatus, count: z.number().int() })),
});
export type InvoiceTotals = z.infer<typeof InvoiceTotals>;

export const DocumentPdfQuery = z.object({ lang: DocumentLanguage.optional() });

// ---------------------------------------------------------------------------------------------
// Acts of completed work

export const ActSummary = z.object({
  id: Id,
  number: z.string(),
  companyId: Id,
  companyName: z.string(),
  contractId: Id.nullable(),
  invoiceId: Id.nullable(),
  projectId: Id.nullable(),
  actDate: IsoDate,
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  currency: z.string(),
  language: DocumentLanguage,
  notes: z.string(),
  netMinor: MinorUnits,
  vatMinor: MinorUnits,
  totalMinor: MinorUnits,
  signed: z.boolean(),
  signedOn: IsoDate.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type ActSummary = z.infer<typeof ActSummary>;

export const Act = ActSummary.extend({ lines: z.array(DocumentLine) });
export type Act = z.infer<typeof Act>;

/** Lines are copied from the invoice when invoiceId is given and lines are not. */
export const CreateActBody = z.object({
  companyId: Id,
  contractId: Id.nullable().optional(),
  invoiceId: Id.nullable().optional(),
  projectId: Id.nullable().optional(),
  actDate: IsoDate.optional(),
  periodStart: IsoDate.nullable().optional(),
  periodEnd: IsoDate.nullable().optional(),
  currency: MoneyCurrency.optional(),
  language: DocumentLanguage.optional(),
  notes: text(5000).optional(),
  lines: Lines.optional(),
});
export type CreateActBody = z.infer<typeof CreateActBody>;

export const MarkActSignedBody = z.object({
  version: Version,
  signed: z.boolean(),
  /** Defaults to today when signed. */
  signedOn: IsoDate.optional(),
});
export type MarkActSignedBody = z.infer<typeof MarkActSignedBody>;

export const ListActsQuery = z.object({
  ...PageQuery,
  companyId: Id.optional(),
  signed: QueryBoolean.optional(),
});
export type ListActsQuery = z.infer<typeof ListActsQuery>;
export const ActPage = pageOf(ActSummary);

// ---------------------------------------------------------------------------------------------
// Payments and their allocation to invoices

export const PAYMENT_RECEIVED_METHODS = ['bank_transfer', 'card', 'cash', 'other'] as const;
export const PAYMENT_SOURCES = ['manual', 'statement'] as const;

export const Allocation = z.object({
  id: Id,
  invoiceId: Id,
  invoiceNumber: z.string().nullable(),
  amountMinor: MinorUnits,
  createdAt: IsoDateTime,
});
export type Allocation = z.infer<typeof Allocation>;

export const Payment = z.object({
  id: Id,
  companyId: Id.nullable(),
  companyName: z.string().nullable(),
  receivedOn: IsoDate,
  amountMinor: MinorUnits,
  currency: z.string(),
  allocatedMinor: MinorUnits,
  unallocatedMinor: MinorUnits,
  method: z.enum(PAYMENT_RECEIVED_METHODS),
  source: z.enum(PAYMENT_SOURCES),
  bankReference: z.string().nullable(),
  payerName: z.string(),
  payerTaxId: z.string().nullable(),
  purpose: z.string(),
  statementImportId: Id.nullable(),
  allocations: z.array(Allocation),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Payment = z.infer<typeof Payment>;

export const AllocationInput = z.object({ invoiceId: Id, amountMinor: PositiveMinorUnits });
export type AllocationInput = z.infer<typeof AllocationInput>;

export const CreatePaymentBody = z.object({
  companyId: Id.nullable().optional(),
  receivedOn: IsoDate,
  amountMinor: PositiveMinorUnits,
  currency: MoneyCurrency,
  method: z.enum(PAYMENT_RECEIVED_METHODS).optional(),
  bankReference: text(200).min(1).nullable().optional(),
  payerName: text(500).optional(),
  payerTaxId: text(20).nullable().optional(),
  purpose: text(2000).optional(),
  /** Allocate at once; each amount ≤ the invoice's open amount, together ≤ the payment. */
  allocations: z.array(AllocationInput).max(100).optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const AllocatePaymentBody = z.object({
  allocations: z.array(AllocationInput).min(1).max(100),
});
export type AllocatePaymentBody = z.infer<typeof AllocatePaymentBody>;

export const ListPaymentsQuery = z.object({
  ...PageQuery,
  companyId: Id.optional(),
  source: z.enum(PAYMENT_SOURCES).optional(),
  /** true: only payments with money not yet allocated to invoices. */
  unallocated: QueryBoolean.optional(),
});
export type ListPaymentsQuery = z.infer<typeof ListPaymentsQuery>;
export const PaymentPage = pageOf(Payment);

// ---------------------------------------------------------------------------------------------
// Bank statements (CSV): preview, then import with an Idempotency-Key header

/** The CSV as JSON ({ csv }) or as the raw request body with content-type text/csv. */
export const StatementBody = z.object({ csv: z.string().min(1, 'the file is empty').max(10_000_000) });
export type StatementBody = z.infer<typeof StatementBody>;

export const StatementLine = z.object({
  /** 1-based line number in the file, the header being line 1. */
  line: z.number().int(),
  bankReference: z.string().nullable(),
  receivedOn: IsoDate.nullable(),
  amountMinor: MinorUnits.nullable(),
  currency: z.string().nullable(),
  payerName: z.string(),
  payerTaxId: z.string().nullable(),
  purpose: z.string(),
  /** Already imported (same bank reference) or repeated in this file: skipped on import. */
  duplicate: z.boolean(),
  matchedCompanyId: Id.nullable(),
  matchedCompanyName: z.string().nullable(),
  /** An open invoice of the matched company whose number the purpose names; allocated on import. */
  matchedInvoiceId: Id.nullable(),
  matchedInvoiceNumber: z.string().nullable(),
  /** Why the line cannot be imported; empty when it can. */
  errors: z.array(FieldError),
});
export type StatementLine = z.infer<typeof StatementLine>;

export const StatementPreview = z.object({
  lines: z.array(StatementLine),
  totals: z.object({
    lines: z.number().int(),
    importable: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
  }),
});
export type StatementPreview = z.infer<typeof StatementPreview>;

export const StatementImportResult = z.object({
  id: Id,
  idempotencyKey: z.string(),
  linesTotal: z.number().int(),
  linesCreated: z.number().int(),
  linesDuplicate: z.number().int(),
  linesRejected: z.number().int(),
  paymentIds: z.array(Id),
  /** true when this key was seen before and the stored result is answered again. */
  replayed: z.boolean(),
  createdAt: IsoDateTime,
});
export type StatementImportResult = z.infer<typeof StatementImportResult>;

// ---------------------------------------------------------------------------------------------
// Revenue facts (for KPIs and motivation)

export const REVENUE_KINDS = ['new_sale', 'recurring', 'upsell'] as const;
export const RevenueKind = z.enum(REVENUE_KINDS);
export type RevenueKind = z.infer<typeof RevenueKind>;

export const RevenueFact = z.object({
  id: Id,
  allocationId: Id,
  paymentId: Id,
  invoiceId: Id,
  invoiceNumber: z.string().nullable(),
  companyId: Id,
  companyName: z.string(),
  contractId: Id.nullable(),
  dealId: Id.nullable(),
  kind: RevenueKind,
  amountMinor: MinorUnits,
  currency: z.string(),
  receivedOn: IsoDate,
  /** Who closed the deal (credited with new sales and upsells). */
  dealOwnerId: Id.nullable(),
  /** The client's account manager when the money came in (credited with recurring payments). */
  accountManagerId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type RevenueFact = z.infer<typeof RevenueFact>;

export const ListRevenueFactsQuery = z.object({
  ...PageQuery,
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  kind: RevenueKind.optional(),
  companyId: Id.optional(),
  /** Facts credited to this person, as deal owner or as account manager. */
  userId: Id.optional(),
});
export type ListRevenueFactsQuery = z.infer<typeof ListRevenueFactsQuery>;
export const RevenueFactPage = pageOf(RevenueFact);

// ---------------------------------------------------------------------------------------------
// Client budgets per year, split into blocks

export const BudgetBlock = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  planMinor: MinorUnits,
  /** Issued, not cancelled invoices of the year assigned to this block. */
  invoicedMinor: MinorUnits,
  /** Money allocated to those invoices. */
  paidMinor: MinorUnits,
});
export type BudgetBlock = z.infer<typeof BudgetBlock>;

export const BudgetFigures = z.object({
  planMinor: MinorUnits,
  invoicedMinor: MinorUnits,
  paidMinor: MinorUnits,
});

export const ClientBudget = z.object({
  /** null when no budget has been planned for the year yet (figures still show). */
  id: Id.nullable(),
  companyId: Id,
  year: z.number().int(),
  currency: z.string(),
  notes: z.string(),
  blocks: z.array(BudgetBlock),
  /** Invoices of the year in the budget's currency not assigned to any block. */
  unassigned: BudgetFigures,
  totals: BudgetFigures,
  /** null when there is no budget yet; send it back on PUT to change an existing one. */
  version: Version.nullable(),
});
export type ClientBudget = z.infer<typeof ClientBudget>;

export const PutBudgetBody = z.object({
  /** Required when the budget exists (409 when stale); omit to create it. */
  version: Version.optional(),
  currency: MoneyCurrency,
  notes: text(5000).optional(),
  /** Blocks with an id keep it (and their invoices); blocks left out are removed. */
  blocks: z
    .array(z.object({ id: Id.optional(), name: text(200).min(1, 'is required'), planMinor: MinorUnits }))
    .max(50),
});
export type PutBudgetBody = z.infer<typeof PutBudgetBody>;

export const BudgetParams = z.object({ id: Id, year: z.coerce.number().int().min(2000).max(2100) });

// ---------------------------------------------------------------------------------------------
// A client's finance tab

export const CurrencyTotals = z.object({
  currency: z.string(),
  invoicedMinor: MinorUnits,
  paidMinor: MinorUnits,
  openMinor: MinorUnits,
  overdueMinor: MinorUnits,
});

export const CompanyFinance = z.object({
  companyId: Id,
  contracts: z.array(Contract),
  invoices: z.array(InvoiceSummary),
  acts: z.array(ActSummary),
  payments: z.array(Payment),
  /** This year's budget in the workspace's time zone (or ?year=). */
  budget: ClientBudget,
  /** Issued, not cancelled invoices, per currency. */
  totals: z.array(CurrencyTotals),
});
export type CompanyFinance = z.infer<typeof CompanyFinance>;

export const CompanyFinanceQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

// ---------------------------------------------------------------------------------------------
// Money settings of the workspace

export const BankDetails = z.object({
  /** Получатель: the legal name printed on invoices. */
  recipient: text(300),
  /** ИНН: 10 or 12 digits. */
  inn: z
    .string()
    .trim()
    .regex(/^(\d{10}|\d{12})?$/, 'must be 10 or 12 digits'),
  /** КПП: 9 characters. */
  kpp: z
    .string()
    .trim()
    .regex(/^(\d{4}[\dA-Z]{2}\d{3})?$/, 'must be 9 characters'),
  bankName: text(300),
  /** БИК: 9 digits. */
  bik: z
    .string()
    .trim()
    .regex(/^(\d{9})?$/, 'must be 9 digits'),
  /** Р/с: 20 digits. */
  account: z
    .string()
    .trim()
    .regex(/^(\d{20})?$/, 'must be 20 digits'),
  /** К/с: 20 digits. */
  correspondentAccount: z
    .string()
    .trim()
    .regex(/^(\d{20})?$/, 'must be 20 digits'),
  address: text(500),
  /** For the English layout. */
  iban: text(40),
  swift: text(20),
});
export type BankDetails = z.infer<typeof BankDetails>;

export const SmtpSettings = z.object({
  host: text(200),
  port: z.number().int().min(1).max(65535),
  /** true: TLS from the first byte (port 465); false: STARTTLS when offered. */
  secure: z.boolean(),
  user: text(200),
  from: text(300),
});

export const MoneySettings = z.object({
  /** Whether the workspace charges VAT; when off, new lines carry no VAT unless a rate is given. */
  vatEnabled: z.boolean(),
  defaultVatRateBp: VatRateBp,
  /** Printed before invoice numbers: prefix + "2026-0001". */
  invoiceNumberPrefix: z.string(),
  defaultPaymentTermsDays: z.number().int(),
  bank: BankDetails,
  smtp: SmtpSettings.extend({ passwordSet: z.boolean() }),
  /** E-mail the client when an invoice becomes overdue (needs SMTP host and from). */
  overdueEmails: z.boolean(),
  /**
   * Client sizes allowed to pay by card: a new contract (or an invoice without one) of such a
   * client accepts bank transfer and card unless it names its methods; others bank transfer only.
   */
  cardPaymentSizes: z.array(z.enum(COMPANY_SIZES)),
});
export type MoneySettings = z.infer<typeof MoneySettings>;

export const UpdateMoneySettingsBody = z.object({
  vatEnabled: z.boolean().optional(),
  defaultVatRateBp: VatRateBp.optional(),
  invoiceNumberPrefix: z
    .string()
    .trim()
    .max(20)
    .regex(/^[\p{L}\d/_-]*$/u, 'letters, digits, / _ - only')
    .optional(),
  defaultPaymentTermsDays: z.number().int().min(0).max(365).optional(),
  bank: BankDetails.partial().optional(),
  /** password: a string sets it, null clears it, omitted keeps it. It is never sent back. */
  smtp: SmtpSettings.partial()
    .extend({ password: z.string().max(500).nullable().optional() })
    .optional(),
  overdueEmails: z.boolean().optional(),
  cardPaymentSizes: z
    .array(z.enum(COMPANY_SIZES))
    .max(COMPANY_SIZES.length)
    .transform((sizes) => [...new Set(sizes)])
    .optional(),
});
export type UpdateMoneySettingsBody = z.infer<typeof UpdateMoneySettingsBody>;
