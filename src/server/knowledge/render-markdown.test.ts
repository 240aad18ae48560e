import { describe, expect, it } from 'vitest';
import { MARK_START, MARK_STOP, renderMarkdown, snippetHtml } from './render-markdown.ts';

describe('rendering Markdown safely', () => {
  it('renders headings, lists, tables, links and images', () => {
    const html = renderMarkdown(
      '# Звонок\n\n- один\n- два\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.com) ![scheme](/api/v1/knowledge/images/x)',
    );
    expect(html).toContain('<h1>Звонок</h1>');
    expect(html).toContain('<li>один</li>');
    expect(html).toContain('<table>');
    expect(html).toContain(
      '<a href="https://example.com" rel="noopener noreferrer" target="_blank">site</a>',
    );
    expect(html).toContain('<img src="/api/v1/knowledge/images/x" alt="scheme" />');
  });

  it('drops scripts, event handlers, iframes and javascript: or data: links', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src="x" onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '<a href="JaVaScRiPt:alert(4)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '![i](data:image/svg+xml;base64,PHN2Zz4=)',
        '<p style="position:fixed" onclick="alert(5)">styled</p>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|data:|style=/i);
    expect(html).toContain('styled');
  });

  it('makes snippets in which only <mark> is markup', () => {
    expect(snippetHtml(`## ${MARK_START}Инструкции${MARK_STOP} по <b>звонкам</b> [тут](http://x)`)).toBe(
      '<mark>Инструкции</mark> по &lt;b&gt;звонкам&lt;/b&gt; тут',
    );
  });
});
