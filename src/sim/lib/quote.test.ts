import { describe, expect, it } from 'vitest';
import { hasInvisible, quoteText } from './quote';

describe('quoteText', () => {
  it('escapes what would not show, keeps what does', () => {
    expect(quoteText('\uFEFFnvme0')).toBe('"\\ufeffnvme0"');
    expect(quoteText('a\u200Bb\u00A0c\u2028')).toBe('"a\\u200bb\\u00a0c\\u2028"');
    expect(quoteText('\uD7FC')).toBe('"\\ud7fc"'); // unassigned
    expect(quoteText('\u{E0001}')).toBe('"\\u{e0001}"'); // a tag character (format)
    expect(quoteText('\u0000\n"\\')).toBe('"\\u0000\\n\\"\\\\"');
    expect(quoteText('\uD800')).toBe('"\\ud800"');
    expect(quoteText('grüße, 💥, CPU 3')).toBe('"grüße, 💥, CPU 3"');
  });

  it('cuts long text', () => {
    expect(quoteText('x'.repeat(50), 40)).toBe(`"${'x'.repeat(37)}..."`);
  });

  it('hasInvisible', () => {
    expect(hasInvisible('plain text')).toBe(false);
    expect(hasInvisible('a\uFEFF')).toBe(true);
    expect(hasInvisible('a\tb')).toBe(true);
  });
});
