/**
 * Greedy line breaking at spaces (a no-break space holds its neighbours together), with `measure`
 * giving a string's width. A word wider than the line is cut where it must (a long login, an
 * address): nothing is ever lost or drawn past the edge.
 */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (measure(rest) > width) {
      const cut = fittingPrefix(rest, width, measure);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/** The longest prefix (at least one character) that fits in `width`. */
function fittingPrefix(text: string, width: number, measure: (s: string) => number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, middle)) <= width) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * A size at which `text` fits in `width` on one line, from `size` down to `minimum`; null when even
 * the minimum is too wide (the text is then wrapped at the minimum size).
 */
export function fittingSize(text: string, width: number, size: number, minimum: number, widthAt: (s: string, size: number) => number): number | null {
  const natural = widthAt(text, size);
  if (natural <= width) return size;
  // Width grows linearly with the size.
  const fitted = Math.floor(((size * width) / natural) * 10) / 10;
  return fitted >= minimum ? fitted : null;
}
