import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';

let ctx: TestContext;
let admin: Client;
let author: Client;
let reader: Client;
let authorUser: TestUser;
let workspaceId: string;

// The smallest valid PNG: one transparent pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  workspaceId = ws.workspaceId;
  admin = await signIn(ctx.app, ws.admin);
  authorUser = await seedUser(ctx.database, workspaceId, ['sdr'], { name: 'Sofia SDR' });
  author = await signIn(ctx.app, authorUser);
  reader = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['am']));
});
afterAll(() => ctx.close());

async function write(client: Client, body: Record<string, unknown>) {
  const response = await client.post('/api/v1/knowledge/articles', body);
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('articles', () => {
  it('creates a draft by its author, publishes it, keeps every save as a version', async () => {
    const draft = await write(author, {
      kind: 'instruction',
      title: 'Cold call script',
      body: '# Opening\n\nSay who you are.',
      tags: ['Calls', 'SDR', 'calls'],
    });
    expect(draft).toMatchObject({
      kind: 'instruction',
      status: 'draft',
      authorId: authorUser.id,
      authorName: 'Sofia SDR',
      tags: ['calls', 'sdr'],
      version: 1,
      canEdit: true,
      publishedAt: null,
    });
    expect(draft.html).toContain('<h1>Opening</h1>');

    // A draft is its author's (and admins') only.
    expect((await reader.get(`/api/v1/knowledge/articles/${draft.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/knowledge/articles/${draft.id}`)).statusCode).toBe(200);

    const published = await author.patch(`/api/v1/knowledge/articles/${draft.id}`, {
      version: 1,
      status: 'published',
      body: '# Opening\n\nSay who you are and why you call.',
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', version: 2 });
    expect(published.json().publishedAt).not.toBeNull();

    const read = (await reader.get(`/api/v1/knowledge/articles/${draft.id}`)).json();
    expect(read).toMatchObject({ title: 'Cold call script', canEdit: false });

    const stale = await author.patch(`/api/v1/knowledge/articles/${draft.id}`, { version: 1, title: 'x' });
    expect(stale.statusCode).toBe(409);

    const versions = (await reader.get(`/api/v1/knowledge/articles/${draft.id}/versions`)).json();
    expect(versions.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'draft'],
    ]);
    expect(versions.items[0].editedByName).toBe('Sofia SDR');
    const first = (await reader.get(`/api/v1/knowledge/articles/${draft.id}/versions/1`)).json();
    expect(first.body).toBe('# Opening\n\nSay who you are.');
    expect(first.html).toContain('Say who you are.');
    expect((await reader.get(`/api/v1/knowledge/articles/${draft.id}/versions/9`)).statusCode).toBe(404);
  });

  it('refuses a change or a deletion by someone who is neither the author nor an admin', async () => {
    const article = await write(author, { kind: 'article', title: 'Objections', status: 'published' });
    const refused = await reader.patch(`/api/v1/knowledge/articles/${article.id}`, {
      version: 1,
      title: 'Mine now',
    });
    expect(refused.statusCode).toBe(403);
    expect((await reader.delete(`/api/v1/knowledge/articles/${article.id}`)).statusCode).toBe(403);
    expect((await author.get(`/api/v1/knowledge/articles/${article.id}`)).json()).toMatchObject({
      title: 'Objections',
      version: 1,
    });

    const byAdmin = await admin.patch(`/api/v1/knowledge/articles/${article.id}`, {
      version: 1,
      title: 'Handling objections',
    });
    expect(byAdmin.statusCode).toBe(200);
    expect((await author.delete(`/api/v1/knowledge/articles/${article.id}`)).statusCode).toBe(204);
    expect((await author.get(`/api/v1/knowledge/articles/${article.id}`)).statusCode).toBe(404);
  });

  it('renders Markdown without scripts, event handlers or javascript: links', async () => {
    const body = [
      'Hello <script>alert("x")</script>',
      '[click me](javascript:alert(1))',
      '<a href="javascript:alert(2)">raw link</a>',
      '<img src=x onerror="alert(3)">',
      '<iframe src="https://evil.example"></iframe>',
    ].join('\n\n');
    const article = await write(author, { kind: 'blog', title: 'Sneaky', body, status: 'published' });
    for (const html of [
      article.html,
      (await reader.get(`/api/v1/knowledge/articles/${article.id}`)).json().html,
      (await reader.post('/api/v1/knowledge/preview', { body })).json().html,
      (await reader.get(`/api/v1/knowledge/articles/${article.id}/versions/1`)).json().html,
    ]) {
      expect(html).not.toMatch(/<script|javascript:|onerror|<iframe/i);
      expect(html).toContain('Hello');
      expect(html).toContain('click me');
    }
  });

  it('lists by kind and tag, newest first, in keyset pages', async () => {
    for (const n of [1, 2, 3]) {
      await write(author, { kind: 'blog', title: `Week ${n}`, tags: ['weekly'], status: 'published' });
    }
    const first = (await reader.get('/api/v1/knowledge/articles?kind=blog&tags=weekly&limit=2')).json();
    expect(first.items.map((a: { title: string }) => a.title)).toEqual(['Week 3', 'Week 2']);
    const second = (
      await reader.get(`/api/v1/knowledge/articles?kind=blog&tags=weekly&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((a: { title: string }) => a.title)).toEqual(['Week 1']);
    expect(second.nextCursor).toBeNull();
    const tags = (await reader.get('/api/v1/knowledge/tags')).json();
    expect(tags.items).toEqual(expect.arrayContaining([{ tag: 'weekly', count: 3 }]));
  });
});

describe('knowledge-base search', () => {
  beforeAll(async () => {
    await write(author, {
      kind: 'instruction',
      title: 'Инструкции по звонкам',
      body: 'Перед звонком откройте карточку клиента. Во время разговора записывайте возражения.',
      status: 'published',
    });
    await write(author, {
      kind: 'article',
      title: 'Как писать коммерческое предложение',
      body: 'Коммерческое предложение начинается с задачи клиента. Про звонки здесь ни слова.',
      status: 'published',
    });
    await write(author, {
      kind: 'article',
      title: 'Monthly reporting',
      body: 'Every month the account manager sends a report on results and plans.',
      status: 'published',
    });
    await write(author, { kind: 'instruction', title: 'Черновик про звонки', status: 'draft' });
  });

  it('finds «инструкции по звонкам» by «инструкция звонок», with the matches highlighted', async () => {
    const found = (
      await reader.get(`/api/v1/knowledge/articles?q=${encodeURIComponent('инструкция звонок')}`)
    ).json();
    expect(found.items.map((a: { title: string }) => a.title)).toEqual(['Инструкции по звонкам']);
    expect(found.items[0].snippet).toMatch(/<mark>звонком<\/mark>/);
    expect(found.items[0].rank).toBeGreaterThan(0);
  });

  it('ranks a title match above a body match, and leaves others’ drafts out', async () => {
    const found = (await reader.get(`/api/v1/knowledge/articles?q=${encodeURIComponent('звонки')}`)).json();
    expect(found.items.map((a: { title: string }) => a.title)).toEqual([
      'Инструкции по звонкам',
      'Как писать коммерческое предложение',
    ]);
    const mine = (await author.get(`/api/v1/knowledge/articles?q=${encodeURIComponent('звонки')}`)).json();
    expect(mine.items.map((a: { title: string }) => a.title)).toContain('Черновик про звонки');
  });

  it('finds English word forms and escapes everything in a snippet but <mark>', async () => {
    const found = (await reader.get('/api/v1/knowledge/articles?q=reports')).json();
    expect(found.items.map((a: { title: string }) => a.title)).toEqual(['Monthly reporting']);
    expect(found.items[0].snippet).toContain('<mark>report</mark>');
    const sneaky = (await reader.get('/api/v1/knowledge/articles?q=Hello')).json();
    expect(sneaky.items[0].snippet).not.toContain('<script');
  });
});

describe('links and images', () => {
  it('links an article to a touchpoint, a pipeline stage and a call list, and finds it from each', async () => {
    await admin.post('/api/v1/journey/template', { locale: 'en' });
    const map = (await admin.get('/api/v1/journey')).json();
    const touchpoint = map.stages[2].touchpoints[2];
    const stage = (await admin.get('/api/v1/pipelines')).json().items[0].stages[0];
    const company = (await admin.post('/api/v1/companies', { name: 'Callee' })).json();
    const list = await admin.post('/api/v1/call-lists', {
      name: 'Moscow agencies',
      callerIds: [authorUser.id],
      companyIds: [company.id],
      script: 'Hi',
    });
    expect(list.statusCode).toBe(201);
    const article = await write(admin, {
      kind: 'instruction',
      title: 'How to run a kick-off',
      body: 'Agenda: goals, roles, risks.',
      status: 'published',
      links: [
        { targetType: 'touchpoint', targetId: touchpoint.id },
        { targetType: 'stage', targetId: stage.id },
        { targetType: 'call_list', targetId: list.json().id },
      ],
    });
    expect(article.links).toEqual(
      expect.arrayContaining([
        { targetType: 'touchpoint', targetId: touchpoint.id, targetName: touchpoint.name },
        { targetType: 'stage', targetId: stage.id, targetName: stage.name },
        { targetType: 'call_list', targetId: list.json().id, targetName: 'Moscow agencies' },
      ]),
    );
    const byStage = (
      await reader.get(`/api/v1/knowledge/articles?linkedType=stage&linkedId=${stage.id}`)
    ).json();
    expect(byStage.items.map((a: { id: string }) => a.id)).toEqual([article.id]);
    const byList = (
      await reader.get(`/api/v1/knowledge/articles?linkedType=call_list&linkedId=${list.json().id}`)
    ).json();
    expect(byList.items.map((a: { id: string }) => a.id)).toEqual([article.id]);
    const journeyMap = (await reader.get('/api/v1/journey')).json();
    expect(journeyMap.stages[2].touchpoints[2].articles).toEqual([
      { id: article.id, title: 'How to run a kick-off', kind: 'instruction' },
    ]);

    const bad = await admin.post('/api/v1/knowledge/articles', {
      kind: 'instruction',
      title: 'x',
      links: [{ targetType: 'stage', targetId: touchpoint.id }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('links.0.targetId');
  });

  it('stores an uploaded image, serves it back, and refuses what is not an image', async () => {
    const uploaded = await author.send('POST', '/api/v1/knowledge/images', PNG, {
      'content-type': 'image/png',
    });
    expect(uploaded.statusCode).toBe(201);
    const { id, url } = uploaded.json();
    expect(url).toBe(`/api/v1/knowledge/images/${id}`);
    const served = await reader.get(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG)).toBe(true);

    const fake = await author.send('POST', '/api/v1/knowledge/images', Buffer.from('<svg onload=alert(1)>'), {
      'content-type': 'image/png',
    });
    expect(fake.statusCode).toBe(422);
  });
});

describe('workspaces', () => {
  it('answers 404 for another workspace’s article and image, and never lists them', async () => {
    const article = await write(admin, { kind: 'article', title: 'Secret pricing', status: 'published' });
    const image = (
      await admin.send('POST', '/api/v1/knowledge/images', PNG, { 'content-type': 'image/png' })
    ).json();
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const stranger = await signIn(ctx.app, other.admin);
    expect((await stranger.get(`/api/v1/knowledge/articles/${article.id}`)).statusCode).toBe(404);
    expect(
      (await stranger.patch(`/api/v1/knowledge/articles/${article.id}`, { version: 1, title: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/knowledge/articles/${article.id}/versions`)).statusCode).toBe(404);
    expect((await stranger.get(image.url)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/knowledge/articles?q=pricing')).json().items).toEqual([]);
  });
});
