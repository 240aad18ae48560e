import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../server/db/client.ts';
import { applyJourneyTemplate } from '../server/journey/journey-map.ts';

const ARTICLES = {
  ru: [
    {
      kind: 'instruction',
      title: 'Как провести kick-off встречу',
      tags: ['запуск', 'встречи'],
      body: '# Kick-off\n\n1. Представьте пару PM + AM и кто за что отвечает.\n2. Сверьте цели и KPI из брифа.\n3. Договоритесь о каналах и частоте связи.\n4. Запишите риски и следующие шаги.\n\n> После встречи AM в тот же день отправляет протокол.',
      link: { touchpoint: ['Kick-off встреча'] },
    },
    {
      kind: 'instruction',
      title: 'Инструкция по холодным звонкам',
      tags: ['звонки', 'sdr'],
      body: '# Холодный звонок\n\n- Представьтесь и назовите компанию.\n- Спросите, кто отвечает за продажи.\n- Одной фразой — чем мы полезны.\n- Цель звонка — встреча, а не продажа.\n\n**Возражение «нам не нужно»:** спросите, как сейчас передают клиента из продаж в сопровождение.',
      link: { callList: true, stage: 0 },
    },
    {
      kind: 'blog',
      title: 'Почему мы разбили 7 точек контакта на 40',
      tags: ['карта пути клиента'],
      body: 'Когда у каждой точки контакта есть **ответственный**, **коммуникатор** и **поддержка**, никто не спрашивает «а кто должен был?». Карта стала основой должностных инструкций.',
      link: {},
    },
  ],
  en: [
    {
      kind: 'instruction',
      title: 'How to run a kick-off meeting',
      tags: ['onboarding', 'meetings'],
      body: '# Kick-off\n\n1. Introduce the PM + AM pair and who does what.\n2. Check the goals and KPIs from the brief.\n3. Agree on channels and contact cadence.\n4. Write down risks and next steps.\n\n> The AM sends the minutes the same day.',
      link: { touchpoint: ['Kick-off meeting'] },
    },
    {
      kind: 'instruction',
      title: 'Cold call instructions',
      tags: ['calls', 'sdr'],
      body: '# Cold call\n\n- Say who you are and where you call from.\n- Ask who is responsible for sales.\n- One sentence on how we help.\n- The goal of the call is a meeting, not a sale.\n\n**"We don\'t need it":** ask how clients are handed from sales to account management today.',
      link: { callList: true, stage: 0 },
    },
    {
      kind: 'blog',
      title: 'Why we split 7 touchpoints into 40',
      tags: ['customer journey'],
      body: 'When every touchpoint has a **responsible**, a **communicator** and a **support** person, nobody asks "who was supposed to?". The map became our job descriptions.',
      link: {},
    },
  ],
} as const;

/**
 * The demo's journey map (the digital-agency template), its clients placed on touchpoints of
 * the onboarding and delivery stages, and a few knowledge-base articles linked where the work
 * happens: a touchpoint, the first pipeline stage and the SDRs' call list.
 */
export async function seedDemoJourney(
  tx: DbOrTx,
  input: { workspaceId: string; locale: 'ru' | 'en'; now: Date },
): Promise<{ touchpoints: number; articles: number }> {
  const { workspaceId, locale } = input;
  const applied = await applyJourneyTemplate(tx, { workspaceId, userId: null }, { locale });

  // Clients spread over the touchpoints of stages 3–5; one in ten entered long ago (overdue).
  await tx.execute(sql`
    with tps as (
      select t.id, row_number() over (order by s.position, t.position) - 1 as n, count(*) over () as total
      from journey_touchpoints t join journey_stages s on s.workspace_id = t.workspace_id and s.id = t.stage_id
      where t.workspace_id = ${workspaceId} and s.position between 2 and 4),
    clients as (
      select id, row_number() over (order by name) - 1 as n
      from companies where workspace_id = ${workspaceId} and status = 'client')
    insert into client_touchpoints (workspace_id, company_id, touchpoint_id, entered_at)
    select ${workspaceId}, clients.id, tps.id,
           ${input.now.toISOString()}::timestamptz - make_interval(days => case when clients.n % 10 = 0 then 20 else (clients.n % 3)::int end)
    from clients join tps on tps.n = clients.n % tps.total`);

  const admin = await tx.execute<{ id: string }>(
    sql`select id from users where workspace_id = ${workspaceId} and 'admin' = any(roles) order by created_at limit 1`,
  );
  const authorId = admin.rows[0]?.id ?? null;
  for (const article of ARTICLES[locale]) {
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into articles (workspace_id, kind, title, body, tags, status, author_id, published_at)
      values (${workspaceId}, ${article.kind}, ${article.title}, ${article.body},
              ${`{${article.tags.map((tag) => `"${tag}"`).join(',')}}`}::text[],
              'published', ${authorId}, now())
      returning id`);
    const id = inserted.rows[0]!.id;
    await tx.execute(sql`
      insert into article_versions (workspace_id, article_id, version, kind, title, body, tags, status, edited_by)
      select workspace_id, id, version, kind, title, body, tags, status, author_id from articles
      where workspace_id = ${workspaceId} and id = ${id}`);
    const link = article.link as { touchpoint?: readonly string[]; callList?: boolean; stage?: number };
    if (link.touchpoint) {
      await tx.execute(sql`
        insert into article_links (workspace_id, article_id, target_type, target_id)
        select ${workspaceId}, ${id}, 'touchpoint', id from journey_touchpoints
        where workspace_id = ${workspaceId} and name in ${link.touchpoint}`);
    }
    if (link.callList) {
      await tx.execute(sql`
        insert into article_links (workspace_id, article_id, target_type, target_id)
        select ${workspaceId}, ${id}, 'call_list', id from call_lists where workspace_id = ${workspaceId}`);
    }
    if (link.stage !== undefined) {
      await tx.execute(sql`
        insert into article_links (workspace_id, article_id, target_type, target_id)
        select ${workspaceId}, ${id}, 'stage', s.id from stages s
        join pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id and p.is_default
        where s.workspace_id = ${workspaceId} and s.position = ${link.stage}`);
    }
  }
  return { touchpoints: applied.touchpoints, articles: ARTICLES[locale].length };
}
