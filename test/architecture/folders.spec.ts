import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// The folders of a service tell its architecture only if their dependencies go one way: no folder
// of a service's src/ imports a folder that (directly or through others) imports it back.

const ROOT = join(__dirname, '..', '..');
const SERVICES = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** A folder's imports of another folder, with the files that make each one. */
type FolderGraph = Map<string, Map<string, string[]>>;

/** Every source file under `dir`, relative to it, tests (`*.spec.ts`) left out. */
function sources(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((entry) => {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sources(dir, path);
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The graph of relative imports between the top-level folders of a `src/`: root files (main.ts,
 * app.module.ts…) wire the folders and are no node of it; imports leaving `src/` are not counted.
 * Type-only imports count: a folder that needs another's types depends on it.
 */
function folderGraph(files: ReadonlyMap<string, string>): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const [file, text] of files) {
    const from = file.split('/')[0];
    if (from === file) continue;
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = relative('/src', resolve('/src', dirname(file), specifier)).split(sep).join('/');
      const to = target.split('/')[0];
      if (to === '..' || to === from || target === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${file} → ${target}`]);
    }
  }
  return graph;
}

/** The graph of a service's src/ as it is on disk. */
function serviceGraph(service: string): FolderGraph {
  const src = join(ROOT, 'services', service, 'src');
  return folderGraph(new Map(sources(src).map((file) => [file, readFileSync(join(src, file), 'utf8')])));
}

/**
 * One cycle for each group of folders that reach one another (Tarjan's strongly connected
 * components), as the path that closes it: `a > b > c > a`, each step with the imports making it.
 */
function cycles(graph: FolderGraph): string[] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((edges) => [...edges.keys()])])].sort();
  const next = (node: string) => [...(graph.get(node)?.keys() ?? [])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const to of next(node)) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components.map((component) => {
    // The shortest way back to the first folder of the group, found breadth first within it.
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length && !previous.has(start)) {
      const node = queue.shift()!;
      for (const to of next(node)) {
        if (!component.includes(to) || previous.has(to)) continue;
        previous.set(to, node);
        queue.push(to);
      }
    }
    const path = [start];
    for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.unshift(node);
    path.unshift(start);
    const steps = path.slice(1).map((to, i) => `  ${path[i]} > ${to}: ${graph.get(path[i])!.get(to)!.join(', ')}`);
    return [`${path.join(' > ')} (folders that reach one another: ${component.join(', ')})`, ...steps].join('\n');
  });
}

describe('folders of a service', () => {
  it('finds a cycle through several folders, and none in a graph that goes one way', () => {
    const files = new Map([
      ['a/a.service.ts', "import { B } from '../b/b.service';\nimport type { X } from '@sesame/contracts';"],
      ['b/b.service.ts', "export { C } from '../c/c.rules';\nimport { D } from '../d/d.repository';"],
      ['c/c.rules.ts', "import type { A } from '../a/a.service';"],
      ['d/d.repository.ts', "import { DB } from '../database/database.module';\nimport { T } from '../../test/support/t';"],
      ['app.module.ts', "import { A } from './a/a.service';"],
    ]);
    const found = cycles(folderGraph(files));
    expect(found).toHaveLength(1);
    expect(found[0].split('\n')[0]).toBe('a > b > c > a (folders that reach one another: a, b, c)');
    expect(found[0]).toContain('c > a: c/c.rules.ts → a/a.service');

    files.set('c/c.rules.ts', "import { D } from '../d/d.repository';");
    expect(cycles(folderGraph(files))).toEqual([]);
    expect([...folderGraph(files).keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each(SERVICES)('%s: no folder of src/ imports a folder that imports it back', (service) => {
    expect(cycles(serviceGraph(service)).join('\n')).toBe('');
  });
});
