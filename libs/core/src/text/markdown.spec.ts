import { plainExcerpt, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders the usual Markdown', () => {
    expect(renderMarkdown('**Due** before the *summit*:\n\n- one\n- two')).toBe(
      '<p><strong>Due</strong> before the <em>summit</em>:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });

  it('escapes HTML the writer typed instead of keeping it', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops links that would run script, and opens the others safely', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href');
    expect(renderMarkdown('[report](https://example.org/r)')).toBe(
      '<p><a href="https://example.org/r" rel="noopener noreferrer nofollow" target="_blank">report</a></p>',
    );
  });

  it('makes excerpts of the sanitised text, never of the source or of tags a writer typed', () => {
    expect(plainExcerpt('# Summit\n\n**Register** by [Friday](https://example.org) & bring *ID*.')).toBe(
      'Summit Register by Friday & bring ID.',
    );
    const excerpt = plainExcerpt('Hello <img src=x onerror=alert(1)> there<script>alert(2)</script>');
    expect(excerpt).not.toMatch(/<|onerror|script/);
    expect(excerpt).toBe('Hello there alert(2)');
    expect(plainExcerpt('x'.repeat(500))).toHaveLength(240);
    expect(/\p{Cs}/u.test(plainExcerpt('x'.repeat(238) + '😀😀'))).toBe(false);
  });
});
