import type { LeadSourceKind } from '../lead-sources/schema.ts';
import type { StageKind } from '../pipelines/schema.ts';

/**
 * What a new workspace starts with, in its language: the lead sources of DOMAIN.md §2, a sales
 * pipeline whose later stages require fields, and three grades. All of it is data an admin edits.
 */
type Locale = 'ru' | 'en';

export const DEFAULT_LEAD_SOURCES: { kind: LeadSourceKind; name: Record<Locale, string> }[] = [
  { kind: 'personal_brand', name: { ru: 'Личный бренд и мероприятия', en: 'Personal brand and events' } },
  { kind: 'seo_inbound', name: { ru: 'SEO и входящие заявки', en: 'SEO and inbound' } },
  { kind: 'tender', name: { ru: 'Тендеры', en: 'Tenders' } },
  { kind: 'referral', name: { ru: 'Рекомендации', en: 'Referrals' } },
  { kind: 'cold_call', name: { ru: 'Холодные звонки', en: 'Cold calls' } },
];

export const DEFAULT_PIPELINE_NAME: Record<Locale, string> = { ru: 'Продажи', en: 'Sales' };

export const DEFAULT_STAGES: {
  name: Record<Locale, string>;
  kind: StageKind;
  probabilityBp: number;
  requiredFields: string[];
}[] = [
  {
    name: { ru: 'Квалификация', en: 'Qualification' },
    kind: 'open',
    probabilityBp: 1000,
    requiredFields: [],
  },
  { name: { ru: 'Демо', en: 'Demo' }, kind: 'open', probabilityBp: 2500, requiredFields: ['contactId'] },
  {
    name: { ru: 'Предложение', en: 'Proposal' },
    kind: 'open',
    probabilityBp: 5000,
    requiredFields: ['amountMinor'],
  },
  {
    name: { ru: 'Переговоры', en: 'Negotiation' },
    kind: 'open',
    probabilityBp: 7500,
    requiredFields: ['amountMinor', 'expectedCloseDate'],
  },
  { name: { ru: 'Выиграна', en: 'Won' }, kind: 'won', probabilityBp: 10000, requiredFields: ['amountMinor'] },
  { name: { ru: 'Проиграна', en: 'Lost' }, kind: 'lost', probabilityBp: 0, requiredFields: ['lostReason'] },
];

export const DEFAULT_GRADES: {
  name: Record<Locale, string>;
  rank: number;
  criteria: Record<Locale, string>;
}[] = [
  {
    name: { ru: 'Junior', en: 'Junior' },
    rank: 1,
    criteria: {
      ru: 'До года в роли; ведёт небольших клиентов под присмотром наставника.',
      en: 'Under a year in the role; runs small clients with a mentor.',
    },
  },
  {
    name: { ru: 'Middle', en: 'Middle' },
    rank: 2,
    criteria: {
      ru: 'Самостоятельно ведёт клиентов среднего размера, выполняет план два квартала подряд.',
      en: 'Runs mid-size clients alone; met plan two quarters in a row.',
    },
  },
  {
    name: { ru: 'Senior', en: 'Senior' },
    rank: 3,
    criteria: {
      ru: 'Ведёт ключевых клиентов, наставляет младших, защищает результаты перед клиентом.',
      en: 'Runs key clients, mentors juniors, defends results before the client.',
    },
  },
];
