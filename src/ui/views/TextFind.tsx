// Search in a kernel text view, grep-like: the worker finds every occurrence over the whole
// view (text_search.ts) and answers with the window of lines shown; this keeps the query,
// the current occurrence, and which page of the occurrence list to ask for so that
// next/previous can reach any of them.
import { useEffect, useMemo, useRef, useState } from 'react';
import { HITS, type TextSearch, type TextSearchAnswer } from '../../sim/engine/text_search';
import { nextRevealSeq, type Reveal } from './TextLines';
import type { TextWindow } from './text-source';

export interface TextFind {
  query: string;
  setQuery(q: string): void;
  regexp: boolean;
  setRegexp(v: boolean): void;
  caseSensitive: boolean;
  setCaseSensitive(v: boolean): void;
  /** What to send with each window request (undefined: no search). */
  search: TextSearch | undefined;
  summary: TextSearchAnswer | null;
  /** The current occurrence, clamped to the occurrences there are now. */
  current: number;
  reveal: Reveal | null;
  onWindow(w: TextWindow | null): void;
  step(by: 1 | -1): void;
}

export function useTextFind(): TextFind {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [regexp, setRegexp] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [current, setCurrent] = useState(0);
  const [page, setPage] = useState(0);
  const [summary, setSummary] = useState<TextSearchAnswer | null>(null);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  /** A jump asked for and not yet shown (a new query, next or previous). */
  const pending = useRef(false);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(query), 150);
    return () => clearTimeout(t);
  }, [query]);

  useEffect(() => {
    setCurrent(0);
    setPage(0);
    setSummary(null);
    pending.current = true;
  }, [debounced, regexp, caseSensitive]);

  const search = useMemo<TextSearch | undefined>(
    () => (debounced ? { text: debounced, regexp, caseSensitive, hitsFrom: page, hitsCount: HITS } : undefined),
    [debounced, regexp, caseSensitive, page],
  );

  const total = summary?.total ?? 0;
  const shown = Math.min(current, Math.max(0, total - 1));

  useEffect(() => {
    if (!pending.current || !summary) return;
    if (summary.total === 0) {
      pending.current = false;
      return;
    }
    const i = shown - summary.hitsFrom;
    if (i < 0 || i >= summary.hits.length) {
      const want = Math.max(0, shown - HITS / 2);
      if (want !== summary.hitsFrom) setPage(want);
      else pending.current = false;
      return;
    }
    pending.current = false;
    setReveal({ line: summary.hits[i], hit: true, seq: nextRevealSeq() });
  }, [summary, shown]);

  return {
    query,
    setQuery,
    regexp,
    setRegexp,
    caseSensitive,
    setCaseSensitive,
    search,
    summary: search ? summary : null,
    current: shown,
    reveal,
    onWindow: (w) => {
      if (search) setSummary(w?.search ?? null);
    },
    step(by) {
      if (total === 0) return;
      setCurrent((shown + by + total) % total);
      pending.current = true;
    },
  };
}

export function TextFindBar({ find, label }: { find: TextFind; label: string }) {
  const { summary } = find;
  const bad = summary?.error !== undefined;
  const n = summary?.total ?? 0;
  const count = !find.search
    ? ''
    : !summary
      ? 'searching…'
      : bad
        ? summary.error!
        : n === 0
          ? 'no matches'
          : `${(find.current + 1).toLocaleString('en-US')} of ${n.toLocaleString('en-US')}${summary.capped ? '+' : ''} matches · ${summary.lines.toLocaleString('en-US')} line${summary.lines === 1 ? '' : 's'}`;
  return (
    <div className="text-find" role="search" aria-label={`Search ${label}`}>
      <input
        type="search"
        className="irq-mono"
        aria-label={`Search ${label}`}
        placeholder="search (grep)"
        size={16}
        value={find.query}
        aria-invalid={bad}
        onChange={(e) => find.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find.step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape' && find.query) {
            // Clear the search first; a second Escape restores a maximised pane.
            e.preventDefault();
            find.setQuery('');
          }
        }}
      />
      <button type="button" className="small-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={n === 0} onClick={() => find.step(-1)}>
        ↑
      </button>
      <button type="button" className="small-btn" aria-label="Next match" title="Next match (Enter)" disabled={n === 0} onClick={() => find.step(1)}>
        ↓
      </button>
      <label title="Read the search as a regular expression, as grep -E does">
        <input type="checkbox" checked={find.regexp} onChange={(e) => find.setRegexp(e.target.checked)} />
        regexp
      </label>
      <label title="Tell capitals from small letters">
        <input type="checkbox" checked={find.caseSensitive} onChange={(e) => find.setCaseSensitive(e.target.checked)} />
        match case
      </label>
      <span className={bad ? 'text-find-count is-bad' : 'irq-muted text-find-count'} role="status">
        {count}
      </span>
    </div>
  );
}
