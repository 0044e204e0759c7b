/**
 * @module report/html/escape
 * Escaping for the HTML report. Every interpolation in `html\`…\`` is escaped unless it is
 * already `Html`, so a device string can only ever reach the page as text.
 */

/** Markup that is already safe to emit. Only this module and trusted constants create it. */
export class Html {
  constructor(readonly markup: string) {}
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `& < > " '`. C0/C1 control characters (other than tab and newline) are shown as
 * `\xNN` so junk a device sends stays visible without confusing the parser.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(
      /[^\t\n\u0020-\u007e\u00a0-\uffff]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
}

function emit(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.markup;
  if (Array.isArray(v)) return v.map(emit).join('');
  return escapeHtml(String(v));
}

/** Tagged template: literal parts are trusted, every `${value}` is escaped (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += emit(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Marks a trusted constant (the style sheet) as markup. Never pass device data. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** The URL normalised when it is absolute http(s), otherwise null (javascript:, data:, relative…). */
export function safeHref(url: string): string | null {
  if (!/^https?:\/\//i.test(url.trim())) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link when the URL is http(s); otherwise the URL as plain text. The URL is also the visible text. */
export function link(url: string): Html {
  const href = safeHref(url);
  return href
    ? html`<a class="ref" href="${href}" rel="noopener noreferrer external">${href}</a>`
    : html`<span class="ref-text">${url}</span>`;
}

/** Device value or a dash for "not reported". */
export function orDash(v: string | null | undefined): Html {
  return v === null || v === undefined || v === '' ? html`<span class="none">—</span>` : html`${v}`;
}

/** Cuts a long device string (before escaping, so no entity is split) and says how much was left out. */
export function clip(v: string, max = 400): Html {
  if (v.length <= max) return html`${v}`;
  return html`${v.slice(0, max)}<span class="clipped">… (${v.length - max} more characters)</span>`;
}
