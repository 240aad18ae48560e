import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 's', 'input'],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Task-list checkboxes only; nothing else a form could do.
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '')
        ? { ...attribs, rel: 'noopener noreferrer', target: '_blank' }
        : attribs,
    }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } }),
  },
};

/**
 * Markdown to HTML that is safe to put into the page: `marked` renders it (raw HTML included, as
 * Markdown allows), then `sanitize-html` keeps only an allow-list of tags and attributes, so
 * scripts, event handlers, iframes, styles and javascript:/data: links do not survive.
 */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(markdown.parse(text) as string, SANITISE);
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Markers ts_headline puts around matches; control characters no article contains. */
export const MARK_START = '\u0002';
export const MARK_STOP = '\u0003';

/**
 * A search snippet from ts_headline: the text HTML-escaped, Markdown punctuation dropped, the
 * matches wrapped in <mark>. Only <mark> is markup, so it is safe to render as HTML.
 */
export function snippetHtml(headline: string): string {
  const plain = headline
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|\n)\s*>/g, '$1')
    .replace(/[#*_`|~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeHtml(plain).replaceAll(MARK_START, '<mark>').replaceAll(MARK_STOP, '</mark>');
}
