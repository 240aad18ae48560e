import type { SlotRole } from './schema.ts';

type Text = { ru: string; en: string };
type R = SlotRole | null;

export interface TemplateTouchpoint {
  name: Text;
  description: Text;
  expectedDays: number;
  /** responsible, communicator, support */
  roles: [R, R, R];
}

export interface TemplateStage {
  name: Text;
  description: Text;
  touchpoints: TemplateTouchpoint[];
}

const tp = (
  ru: [string, string],
  en: [string, string],
  expectedDays: number,
  roles: [R, R, R],
): TemplateTouchpoint => ({
  name: { ru: ru[0], en: en[0] },
  description: { ru: ru[1], en: en[1] },
  expectedDays,
  roles,
});

/**
 * The demo map of a digital agency: 7 stages split into 40 touchpoints, each naming who is
 * responsible, who communicates with the client and who supports (seed 001). The AM owns all
 * communication once the client has signed; the PM owns the technical work.
 */
export const DIGITAL_AGENCY_JOURNEY: TemplateStage[] = [
  {
    name: { ru: 'Первый контакт', en: 'First contact' },
    description: {
      ru: 'От заявки или звонка до понятной задачи клиента.',
      en: 'From a request or a call to a clear understanding of the client’s task.',
    },
    touchpoints: [
      tp(
        ['Первый контакт', 'Ответить на заявку или звонок в течение рабочего дня, записать источник лида.'],
        ['First contact', 'Answer the request or call within a working day; record the lead source.'],
        1,
        ['sales', 'sales', 'bizdev'],
      ),
      tp(
        ['Квалификационный звонок', 'Бюджет, сроки, кто принимает решение, есть ли действующий подрядчик.'],
        ['Qualification call', 'Budget, timing, who decides, whether there is a current contractor.'],
        2,
        ['sales', 'sales', null],
      ),
      tp(
        ['Встреча-знакомство', 'Выяснить цели бизнеса и боли клиента; договориться о брифе.'],
        ['Discovery meeting', 'Learn the business goals and pains; agree on the brief.'],
        3,
        ['sales', 'sales', 'bizdev'],
      ),
      tp(
        ['Бриф', 'Клиент заполняет бриф; продавец проверяет полноту вместе с PM.'],
        ['Brief', 'The client fills in the brief; the closer checks it is complete with the PM.'],
        3,
        ['sales', 'sales', 'pm'],
      ),
      tp(
        ['Демо кейсов', 'Показать похожие кейсы и команду; BizDev ведёт демо.'],
        ['Case demo', 'Show similar cases and the team; BizDev runs the demo.'],
        3,
        ['bizdev', 'sales', null],
      ),
    ],
  },
  {
    name: { ru: 'Предложение и договор', en: 'Proposal and contract' },
    description: {
      ru: 'Оценка, коммерческое предложение, условия, договор и первый счёт.',
      en: 'Estimate, commercial proposal, terms, contract and the first invoice.',
    },
    touchpoints: [
      tp(
        ['Оценка с производством', 'PM оценивает часы и состав команды по брифу.'],
        ['Estimate with production', 'The PM estimates hours and the team from the brief.'],
        3,
        ['pm', 'sales', 'team_lead'],
      ),
      tp(
        ['Коммерческое предложение', 'КП со сроками, этапами, стоимостью и способом оплаты.'],
        ['Commercial proposal', 'A proposal with timing, phases, price and payment method.'],
        2,
        ['sales', 'sales', 'pm'],
      ),
      tp(
        ['Защита предложения', 'Встреча с лицами, принимающими решение; ответы на возражения.'],
        ['Proposal defence', 'A meeting with the decision makers; answer the objections.'],
        3,
        ['sales', 'sales', 'bizdev'],
      ),
      tp(
        ['Индивидуальные условия', 'BizDev согласует скидки, отсрочку, особые условия оплаты.'],
        ['Individual terms', 'BizDev agrees discounts, deferred payment, special terms.'],
        5,
        ['bizdev', 'bizdev', 'sales'],
      ),
      tp(
        ['Договор', 'Согласование и подписание договора, реквизиты, ЭДО.'],
        ['Contract', 'Agree and sign the contract; company details, e-signature.'],
        5,
        ['sales', 'sales', 'team_lead'],
      ),
      tp(
        ['Первый счёт', 'Счёт с ясным способом оплаты: только расчётный счёт, не карта.'],
        ['First invoice', 'An invoice that says plainly how to pay: bank transfer only, not a card.'],
        5,
        ['am', 'am', 'sales'],
      ),
    ],
  },
  {
    name: { ru: 'Запуск', en: 'Onboarding' },
    description: {
      ru: 'Передача клиента из продаж в аккаунтинг и старт работ.',
      en: 'Handing the client from sales to account management and starting the work.',
    },
    touchpoints: [
      tp(
        ['Передача из продаж', 'Продавец передаёт AM бриф, КП, договорённости и контакты.'],
        ['Handover from sales', 'The closer hands the AM the brief, proposal, agreements and contacts.'],
        1,
        ['sales', 'am', 'team_lead'],
      ),
      tp(
        ['Приветственное письмо', 'Знакомство с парой PM + AM, кто за что отвечает и как связаться.'],
        ['Welcome letter', 'Introduce the PM + AM pair: who does what and how to reach them.'],
        1,
        ['am', 'am', 'pm'],
      ),
      tp(
        ['Kick-off встреча', 'Цели, роли, план первого месяца, риски.'],
        ['Kick-off meeting', 'Goals, roles, the first month’s plan, risks.'],
        3,
        ['pm', 'am', 'bizdev'],
      ),
      tp(
        ['Передача доступов', 'Аналитика, рекламные кабинеты, хостинг, репозитории — по чек-листу.'],
        ['Access handover', 'Analytics, ad accounts, hosting, repositories — by the checklist.'],
        3,
        ['pm', 'am', null],
      ),
      tp(
        ['Цели и KPI', 'Согласовать с клиентом измеримые цели и отчётные метрики.'],
        ['Goals and KPIs', 'Agree measurable goals and reporting metrics with the client.'],
        5,
        ['am', 'am', 'pm'],
      ),
      tp(
        ['План и дорожная карта', 'Этапы, спринты, даты; утверждение клиентом.'],
        ['Plan and roadmap', 'Phases, sprints, dates; approved by the client.'],
        5,
        ['pm', 'pm', 'am'],
      ),
      tp(
        ['Правила коммуникации', 'Каналы, частота контактов, кто с чьей стороны принимает решения.'],
        ['Communication rules', 'Channels, contact cadence, who decides on each side.'],
        2,
        ['am', 'am', 'pm'],
      ),
    ],
  },
  {
    name: { ru: 'Работа по проекту', en: 'Delivery' },
    description: {
      ru: 'Спринты, запросы клиента, демо результатов и приёмка.',
      en: 'Sprints, client requests, demos of results and acceptance.',
    },
    touchpoints: [
      tp(
        ['Планирование спринта', 'Бэклог с приоритетами, согласованными с клиентом.'],
        ['Sprint planning', 'A backlog with priorities agreed with the client.'],
        2,
        ['pm', 'pm', 'am'],
      ),
      tp(
        ['Приём запроса клиента', 'Запрос в любой форме → письменное ТЗ → оценка.'],
        ['Client request intake', 'A request in any form → a written specification → an estimate.'],
        3,
        ['am', 'am', 'pm'],
      ),
      tp(
        ['Согласование оценки', 'Клиент утверждает часы и стоимость до начала работ.'],
        ['Estimate approval', 'The client approves hours and cost before work starts.'],
        3,
        ['am', 'am', 'pm'],
      ),
      tp(
        ['Демо результатов', 'Показ сделанного за спринт; AM защищает результат перед клиентом.'],
        ['Demo of results', 'Show the sprint’s work; the AM defends the result before the client.'],
        1,
        ['pm', 'am', null],
      ),
      tp(
        ['Приёмка работ', 'Клиент принимает результат; замечания — в бэклог.'],
        ['Acceptance', 'The client accepts the result; remarks go to the backlog.'],
        3,
        ['pm', 'am', null],
      ),
      tp(
        ['Ретроспектива', 'Что улучшить в процессе; выводы — клиенту.'],
        ['Retrospective', 'What to improve in the process; conclusions shared with the client.'],
        2,
        ['pm', 'pm', 'am'],
      ),
    ],
  },
  {
    name: { ru: 'Отчётность и оплата', en: 'Reporting and payment' },
    description: {
      ru: 'Ежемесячный цикл: отчёт, акт, счёт, оплата.',
      en: 'The monthly cycle: report, act, invoice, payment.',
    },
    touchpoints: [
      tp(
        ['Ежемесячный отчёт', 'Результаты против KPI, что сделано, планы на месяц.'],
        ['Monthly report', 'Results against KPIs, what was done, next month’s plans.'],
        5,
        ['am', 'am', 'pm'],
      ),
      tp(
        ['Акт выполненных работ', 'Акт за месяц, подписание через ЭДО.'],
        ['Act of completed work', 'The month’s act, signed electronically.'],
        3,
        ['am', 'am', null],
      ),
      tp(
        ['Ежемесячный счёт', 'Счёт на абонентскую плату или разовые работы.'],
        ['Monthly invoice', 'An invoice for the retainer or one-off work.'],
        2,
        ['am', 'am', null],
      ),
      tp(
        ['Напоминание об оплате', 'Если счёт не оплачен в срок — звонок и письмо.'],
        ['Payment reminder', 'If the invoice is unpaid when due — a call and an e-mail.'],
        5,
        ['am', 'am', 'team_lead'],
      ),
      tp(
        ['Квартальная встреча', 'Итоги квартала с руководством клиента.'],
        ['Quarterly business review', 'The quarter’s results with the client’s management.'],
        7,
        ['am', 'am', 'team_lead'],
      ),
    ],
  },
  {
    name: { ru: 'Удержание', en: 'Retention' },
    description: {
      ru: 'Регулярный контакт, обратная связь и работа с недовольством.',
      en: 'Regular contact, feedback and handling dissatisfaction.',
    },
    touchpoints: [
      tp(
        ['Регулярный контакт', 'Связаться с клиентом каждые 3–4 дня, записать итог.'],
        ['Regular contact', 'Contact the client every 3–4 days and record the outcome.'],
        4,
        ['am', 'am', null],
      ),
      tp(
        ['NPS-опрос', 'Оценка готовности рекомендовать; низкая оценка — задача руководителю.'],
        ['NPS survey', 'How likely to recommend; a low score becomes a task for the lead.'],
        7,
        ['am', 'am', 'bizdev'],
      ),
      tp(
        ['Интервью обратной связи', 'Custdev-интервью: что ценят, чего не хватает.'],
        ['Feedback interview', 'A customer development interview: what they value, what is missing.'],
        7,
        ['bizdev', 'bizdev', 'am'],
      ),
      tp(
        ['Работа с жалобой', 'Зафиксировать жалобу, ответить в течение дня, устранить причину.'],
        ['Complaint handling', 'Record the complaint, answer within a day, remove the cause.'],
        2,
        ['am', 'am', 'team_lead'],
      ),
      tp(
        ['Встреча с ЛПР', 'Встреча с лицами, принимающими решения, протокол и договорённости.'],
        ['Decision-maker meeting', 'A meeting with the decision makers, minutes and agreed next steps.'],
        10,
        ['am', 'am', 'team_lead'],
      ),
    ],
  },
  {
    name: { ru: 'Развитие клиента', en: 'Account growth' },
    description: {
      ru: 'Допродажи, продление и рекомендации.',
      en: 'Upsells, renewal and referrals.',
    },
    touchpoints: [
      tp(
        ['План развития аккаунта', 'Направления, в которых клиента можно развивать.'],
        ['Account growth plan', 'Directions in which the client can be developed.'],
        10,
        ['am', 'am', 'bizdev'],
      ),
      tp(
        ['Предложение допродажи', 'КП на новую услугу или расширение объёма.'],
        ['Upsell proposal', 'A proposal for a new service or a larger scope.'],
        5,
        ['am', 'am', 'bizdev'],
      ),
      tp(
        ['Демо новой услуги', 'BizDev показывает смежную услугу вместе с AM.'],
        ['New service demo', 'BizDev shows an adjacent service together with the AM.'],
        5,
        ['bizdev', 'am', 'pm'],
      ),
      tp(
        ['Продление договора', 'Продление за месяц до окончания; пересмотр условий.'],
        ['Contract renewal', 'Renew a month before the end; review the terms.'],
        14,
        ['am', 'am', 'sales'],
      ),
      tp(
        ['Просьба о рекомендации', 'Попросить рекомендовать агентство партнёрам.'],
        ['Referral request', 'Ask the client to recommend the agency to partners.'],
        7,
        ['am', 'am', null],
      ),
      tp(
        ['Кейс с клиентом', 'Совместный кейс или отзыв для сайта и выступлений.'],
        ['Case study', 'A joint case study or a testimonial for the site and talks.'],
        14,
        ['am', 'am', 'pm'],
      ),
    ],
  },
];
