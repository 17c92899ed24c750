import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { EXCHANGES, JOB_QUEUES, QUEUES } from '@sesame/contracts';

// The documentation stands on its own: what a person who clones the repository reads must lead to
// files of the repository, and must name what the contracts name.

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const IMAGES = join(DOCS, 'images');
const PAGES = ['README.md', ...readdirSync(DOCS).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The text of a page without its fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link and image target of a page: `[text](target)` and `![alt](target)`. */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
}

/** GitHub's anchor of a heading: its text, lower case, without punctuation, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a page offers, numbered like GitHub's when a heading repeats (`x`, `x-1`, `x-2`). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

const external = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

interface Link {
  page: string;
  target: string;
  /** The file or folder it leads to, relative to the repository; '' for an anchor of the page itself. */
  path: string;
  anchor: string | null;
}

const allLinks: Link[] = PAGES.flatMap((page) =>
  links(read(page))
    .filter((target) => !external(target))
    .map((target) => {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path ? relative(ROOT, resolve(ROOT, dirname(page), decodeURIComponent(path))) : page;
      return { page, target, path: resolved, anchor: anchor === undefined ? null : decodeURIComponent(anchor) };
    }),
);

describe('the documentation (README.md, docs/)', () => {
  it('has pages with links to check', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', join('docs', 'README.md'), join('docs', 'product.md'), join('docs', 'architecture.md'), join('docs', 'api.md'), join('docs', 'guide-administrateur.md')]));
    expect(allLinks.length).toBeGreaterThan(50);
  });

  it('links only to files inside the repository, and to none a clone would not have', () => {
    const outside = allLinks.filter((link) => link.path === '..' || link.path.startsWith(`..${sep}`) || link.target.startsWith('/'));
    expect(outside.map((link) => `${link.page} → ${link.target}`)).toEqual([]);
    for (const page of PAGES) expect({ page, mentionsSharedSpec: /\.\.\/shared|SPEC\.md/.test(read(page)) }).toEqual({ page, mentionsSharedSpec: false });

    const missing = allLinks.filter((link) => !existsSync(join(ROOT, link.path)));
    expect(missing.map((link) => `${link.page} → ${link.target}`)).toEqual([]);

    // Ignored files (test-output/, .sesame/, dist/) exist here but not in a clone.
    const git = spawnSync('git', ['check-ignore', '--stdin'], { cwd: ROOT, input: allLinks.map((link) => link.path).join('\n'), encoding: 'utf8' });
    if (git.status === 0 || git.status === 1) expect(git.stdout.split('\n').filter(Boolean)).toEqual([]);
  });

  it('links to headings that exist', () => {
    const broken = allLinks
      .filter((link) => link.anchor !== null && link.path.endsWith('.md'))
      .filter((link) => !anchors(read(link.path)).has(link.anchor!));
    expect(broken.map((link) => `${link.page} → ${link.target}`)).toEqual([]);
  });

  it('names every RabbitMQ exchange and queue and every BullMQ queue of libs/contracts on architecture.md', () => {
    const architecture = read(join('docs', 'architecture.md'));
    const names = [
      ...Object.values(EXCHANGES),
      ...Object.values(QUEUES),
      ...Object.values(JOB_QUEUES).map((queue) => queue.name),
    ];
    expect(names.filter((name) => !architecture.includes(`\`${name}\``))).toEqual([]);
    // The diagrams show them too.
    const diagram = [...architecture.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
    expect(names.filter((name) => !diagram.includes(name))).toEqual([]);
  });

  it('shows in the guide images that exist, each listed with the screenshot it comes from, and no other', () => {
    const guide = read(join('docs', 'guide-administrateur.md'));
    const used = [...prose(guide).matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((target) => !target.startsWith('images/') || !target.endsWith('.png'))).toEqual([]);
    const onDisk = readdirSync(IMAGES).filter((name) => name.endsWith('.png'));
    const sources = JSON.parse(readFileSync(join(IMAGES, 'screenshots.json'), 'utf8')) as { images: Record<string, unknown> };
    const names = used.map((target) => target.slice('images/'.length));
    expect(new Set(names)).toEqual(new Set(onDisk));
    expect(new Set(Object.keys(sources.images))).toEqual(new Set(onDisk));
  });

  it('keeps its images small enough for a repository', () => {
    const sizes = readdirSync(IMAGES).filter((name) => name.endsWith('.png')).map((name) => statSync(join(IMAGES, name)).size);
    expect(Math.max(...sizes)).toBeLessThan(400 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(5 * 1024 * 1024);
  });
});
