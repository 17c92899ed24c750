import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

// What the checks of test/deploy read: the rendered objects, the services' configuration schemas,
// the environment a container gets, the pods a label selector picks.

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVICES = ['gateway', 'identity', 'importer', 'mailmerge', 'console'] as const;
/** Services scaled by a HorizontalPodAutoscaler (the console is two fixed replicas of static files). */
export const AUTOSCALED = ['gateway', 'identity', 'importer', 'mailmerge'];

 
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** The kubectl that renders: $KUBECTL, else the one on PATH (CI installs Debian's kubernetes-client). */
export function kubectl(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

/** `kubectl kustomize <dir>`, parsed. */
export function render(dir: string): K8sObject[] {
  let output: string;
  try {
    output = execFileSync(kubectl(), ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`${kubectl()} not found: install Debian's kubernetes-client (apt-get install kubernetes-client) or set KUBECTL`);
    }
    throw new Error(`${kubectl()} kustomize ${dir} failed: ${e.stderr ?? e.message}`);
  }
  return parseAllDocuments(output)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

// ---------------------------------------------------------------------------------------------
// The services' configuration schemas: what each needs.

export interface VariableRule {
  name: string;
  secret: boolean;
  /** Why Kubernetes must give it a value (undefined: the default is fine in a cluster). */
  needsValue?: 'no default' | 'its default is this machine' | 'its default is a folder in the image';
  defaultValue?: unknown;
  schema: z.ZodType;
}

export interface ServiceSchema {
  service: string;
  schema: z.ZodObject;
}

/** Every `services/<service>/src/config/*.config.ts` exporting a `…ConfigSchema`. */
export function serviceSchemas(): ServiceSchema[] {
  const found: ServiceSchema[] = [];
  for (const service of readdirSync(join(ROOT, 'services'))) {
    const dir = join(ROOT, 'services', service, 'src', 'config');
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.config.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      const module = require(join(dir, file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (name.endsWith('ConfigSchema') && value instanceof z.ZodObject) found.push({ service, schema: value });
      }
    }
  }
  return found;
}

export function variablesOf(schema: z.ZodObject): VariableRule[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, variable]) => {
    const meta = (z.globalRegistry.get(variable) ?? {}) as { secret?: boolean };
    const parsed = variable.safeParse(undefined);
    const rule: VariableRule = { name, secret: meta.secret === true, schema: variable };
    if (!parsed.success) return { ...rule, needsValue: 'no default' };
    const fallback = parsed.data;
    if (typeof fallback === 'string' && /\/\/(?:[^@/]*@)?(127\.0\.0\.1|localhost)(:|\/|$)/.test(fallback)) {
      return { ...rule, defaultValue: fallback, needsValue: 'its default is this machine' };
    }
    if (typeof fallback === 'string' && !fallback.includes('://') && !isAbsolute(fallback) && /^[\w.-]+\//.test(fallback)) {
      return { ...rule, defaultValue: fallback, needsValue: 'its default is a folder in the image' };
    }
    return { ...rule, defaultValue: fallback };
  });
}

const DEFAULT_PORTS: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'amqp:': 5672, 'amqps:': 5671, 'redis:': 6379, 'rediss:': 6379, 'http:': 80, 'https:': 443 };

export function portOfUrl(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    return parsed.port ? Number(parsed.port) : DEFAULT_PORTS[parsed.protocol];
  } catch {
    return undefined;
  }
}


export type Source =
  | { from: 'value'; value: string }
  | { from: 'configMap'; map: string; value: string }
  | { from: 'secret'; secret: string; key: string; optional: boolean }
  | { from: 'other' };

export function deploymentOf(objects: K8sObject[], service: string): K8sObject | undefined {
  return objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `sesame-${service}`);
}

function configMap(objects: K8sObject[], name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
}

/** What a container's environment holds, variable by variable, and where each value comes from. */
export function environmentOf(container: any, objects: K8sObject[], problems: string[], where: string): Map<string, Source> {
  const env = new Map<string, Source>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const map = configMap(objects, from.configMapRef.name);
      if (!map) {
        problems.push(`${where}: reads ConfigMap ${from.configMapRef.name}, which is not in the manifests`);
        continue;
      }
      for (const [name, value] of Object.entries(map.data ?? {})) env.set(name, { from: 'configMap', map: map.metadata.name, value });
    } else {
      problems.push(`${where}: envFrom ${JSON.stringify(from)} hides which variables it provides; use env with secretKeyRef`);
    }
  }
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) env.set(entry.name, { from: 'value', value: String(entry.value) });
    else if (entry.valueFrom?.secretKeyRef) {
      const ref = entry.valueFrom.secretKeyRef;
      env.set(entry.name, { from: 'secret', secret: ref.name, key: ref.key, optional: ref.optional === true });
    } else if (entry.valueFrom?.configMapKeyRef) {
      const ref = entry.valueFrom.configMapKeyRef;
      const value = configMap(objects, ref.name)?.data?.[ref.key];
      if (value === undefined && !ref.optional) problems.push(`${where}: ${entry.name} reads ${ref.name}/${ref.key}, which is not in the manifests`);
      env.set(entry.name, value === undefined ? { from: 'other' } : { from: 'configMap', map: ref.name, value });
    } else env.set(entry.name, { from: 'other' });
  }
  return env;
}


export function mountFor(path: string, container: any, podSpec: any): { writable: boolean } | undefined {
  const mount = (container.volumeMounts ?? [])
    .filter((m: any) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
    .sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
  if (!mount) return undefined;
  const volume = (podSpec.volumes ?? []).find((v: any) => v.name === mount.name);
  return { writable: mount.readOnly !== true && Boolean(volume?.emptyDir || volume?.persistentVolumeClaim) };
}


export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function podsOf(objects: K8sObject[]): Array<{ service: string; labels: Record<string, string>; ports: Array<{ name?: string; containerPort: number }> }> {
  return objects
    .filter((o) => o.kind === 'Deployment')
    .map((d) => ({
      service: d.metadata.labels?.['app.kubernetes.io/name'] ?? d.metadata.name,
      labels: d.spec.template.metadata.labels ?? {},
      ports: d.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
    }));
}

export function selectsOnly(selector: LabelSelector, labels: Record<string, string>, objects: K8sObject[]): boolean {
  return podsOf(objects).every((pod) => selects(selector, pod.labels) === (pod.labels === labels || JSON.stringify(pod.labels) === JSON.stringify(labels)));
}
