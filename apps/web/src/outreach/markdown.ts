// The compose page's preview renders Markdown in the browser the way the server does
// (libs/core/src/text/markdown.ts): raw HTML escaped, dangerous link schemes refused by
// markdown-it, then only an allow-list of tags and attributes kept. The server renders and
// sanitises again when the draft is saved; what recipients see always comes from there.

const ALLOWED_TAGS = new Set([
  'P',
  'BR',
  'STRONG',
  'EM',
  'S',
  'CODE',
  'PRE',
  'BLOCKQUOTE',
  'UL',
  'OL',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'A',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
]);
const SAFE_HREF = /^(https?:|mailto:)/i;

/** Keeps only the allowed elements (others are replaced by their text) and attributes. */
export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const clean = (node: Element) => {
    for (const child of [...node.children]) {
      if (!ALLOWED_TAGS.has(child.tagName)) {
        child.replaceWith(doc.createTextNode(child.textContent ?? ''));
        continue;
      }
      for (const attribute of [...child.attributes]) {
        const keep =
          (child.tagName === 'A' && attribute.name === 'href' && SAFE_HREF.test(attribute.value.trim())) ||
          (child.tagName === 'A' && attribute.name === 'title') ||
          (child.tagName === 'OL' && attribute.name === 'start' && /^\d+$/.test(attribute.value));
        if (!keep) child.removeAttribute(attribute.name);
      }
      if (child.tagName === 'A') {
        child.setAttribute('rel', 'noopener noreferrer nofollow');
        child.setAttribute('target', '_blank');
      }
      clean(child);
    }
  };
  clean(doc.body);
  return doc.body.innerHTML;
}

let renderer: Promise<(source: string) => string> | undefined;

/** Markdown to sanitised HTML; the renderer is loaded on first use (only composers need it). */
export function loadMarkdownRenderer(): Promise<(source: string) => string> {
  renderer ??= import('markdown-it').then(({ default: MarkdownIt }) => {
    const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });
    return (source: string) => sanitizeHtml(markdown.render(source));
  });
  return renderer;
}
