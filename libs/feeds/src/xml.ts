import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { FeedError } from './errors';

/** One element the reader asked for, with its subtree (small: one record). */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** The line of its opening tag, to say where a record is. */
  line: number;
}

export interface XmlReadOptions {
  file: string;
  /** The root element(s) a file of this kind has. */
  roots: readonly string[];
  /** The elements to hand back whole, wherever they are (not nested in one another). */
  collect: ReadonlySet<string>;
  /** The encoding when the XML declaration names none (SIECLE: ISO-8859-15; XML's own default is UTF-8). */
  defaultEncoding?: string;
}

/** The encoding a file declares (byte-order mark, or `encoding="…"` in the XML declaration). */
function declaredEncoding(head: Buffer, fallback: string): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'));
  return declaration ? declaration[1] : fallback;
}

/**
 * The elements named in `options.collect`, one at a time, as the stream is read: a streaming parser
 * (saxes), never a DOM, so memory holds one chunk and the records it completes, whatever the size of
 * the file. A wrong root, bad XML or a file that stops early is a FeedError naming the file.
 */
export async function* readXml(input: Readable, options: XmlReadOptions): AsyncGenerator<XmlNode> {
  const { file } = options;
  const parser = new SaxesParser({ position: true });
  const ready: XmlNode[] = [];
  const open: XmlNode[] = [];
  let root: string | null = null;
  let closing = false;
  parser.on('error', (error) => {
    const line = parser.line;
    if (closing) throw new FeedError('xml.truncated', { file, record: `line ${line}` });
    throw new FeedError('xml.malformed', { file, record: `line ${line}`, params: { line, detail: error.message.replace(/^[^:]*:\d+:\d+: /, '') } });
  });
  parser.on('opentag', (tag) => {
    if (root === null) {
      root = tag.name;
      if (!options.roots.includes(tag.name)) {
        throw new FeedError('file.wrong_root', { file, params: { value: tag.name, expected: options.roots.join(' / ') } });
      }
    }
    if (open.length === 0 && !options.collect.has(tag.name)) return;
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '', line: parser.line };
    open.at(-1)?.children.push(node);
    open.push(node);
  });
  parser.on('text', (text) => {
    const node = open.at(-1);
    if (node) node.text += text;
  });
  parser.on('closetag', () => {
    const node = open.pop();
    if (node && open.length === 0) ready.push(node);
  });

  let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (decoder === null) {
      const encoding = declaredEncoding(chunk, options.defaultEncoding ?? 'utf-8');
      if (!iconv.encodingExists(encoding)) throw new FeedError('file.encoding', { file, params: { value: encoding } });
      decoder = iconv.getDecoder(encoding);
    }
    parser.write(decoder.write(chunk));
    yield* ready.splice(0);
  }
  if (decoder === null) throw new FeedError('xml.truncated', { file, record: 'line 1' });
  const rest = decoder.end();
  if (rest) parser.write(rest);
  closing = true;
  parser.close();
  yield* ready.splice(0);
}

/** The first child element with that name. */
export const child = (node: XmlNode, name: string): XmlNode | undefined => node.children.find((each) => each.name === name);

/** The text of the first child element with that name, trimmed; undefined when there is none. */
export const childText = (node: XmlNode, name: string): string | undefined => child(node, name)?.text.trim();

/** The start of a file, to tell its kind by its root element without reading it all. */
export function rootElement(head: Buffer): string | null {
  const text = head.toString('latin1').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  return /<([A-Za-z_][\w.-]*)/.exec(text)?.[1] ?? null;
}
