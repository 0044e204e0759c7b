/**
 * Reads the page tree and the named destinations of a PDF that Chromium printed (Skia writes
 * plain, uncompressed objects for both). A named destination exists for every element an
 * in-document link points at (`href="#id"`), so a test can tell on which page a section starts.
 */

function object(pdf: string, n: number): string {
  const m = new RegExp(`(?:^|[\\r\\n])${n} 0 obj([\\s\\S]*?)endobj`).exec(pdf);
  if (!m) throw new Error(`PDF object ${n} not found`);
  return m[1] as string;
}

function pageRefs(pdf: string, n: number, depth = 0): number[] {
  if (depth > 20) throw new Error('PDF page tree too deep');
  const body = object(pdf, n);
  if (!/\/Type\s*\/Pages\b/.test(body)) return [n];
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
  return [...kids.matchAll(/(\d+)\s+0\s+R/g)].flatMap((k) => pageRefs(pdf, Number(k[1]), depth + 1));
}

export interface PdfLayout {
  /** Page objects in reading order. */
  pages: number[];
  /** 0-based page index of each named destination (element id). */
  dests: Map<string, number>;
}

export function pdfLayout(bytes: Uint8Array): PdfLayout {
  const pdf = Buffer.from(bytes).toString('latin1');
  const catalog = /\/Type\s*\/Catalog\b[\s\S]*?(?=endobj)/.exec(pdf)?.[0];
  if (!catalog) throw new Error('no PDF catalog');
  const root = Number(/\/Pages\s+(\d+)\s+0\s+R/.exec(catalog)?.[1]);
  const pages = pageRefs(pdf, root);
  const dests = new Map<string, number>();
  const destsRef = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  if (destsRef) {
    for (const m of object(pdf, Number(destsRef)).matchAll(/\/([^\s[/]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
      dests.set(m[1] as string, pages.indexOf(Number(m[2])));
    }
  }
  return { pages, dests };
}
