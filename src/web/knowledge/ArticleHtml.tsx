import { Typography } from '@mantine/core';

/**
 * HTML that the server rendered from Markdown and sanitised (src/server/knowledge/render-markdown.ts):
 * only an allow-list of tags and attributes, no scripts, handlers or javascript: links.
 */
export function ArticleHtml({ html, testId }: { html: string; testId?: string }) {
  return (
    <Typography>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server */}
      <div data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/** A search snippet: the server escaped everything and added only <mark>. */
export function Snippet({ html }: { html: string }) {
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped on the server, <mark> only
    <span style={{ fontSize: 'var(--mantine-font-size-sm)' }} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
