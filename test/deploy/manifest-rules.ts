import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

// What deploy/k8s must hold, as functions that list the problems they find (an empty list: all
// good), so that a test can also show each rule catching a broken manifest.

export const ROOT = join(__dirname, '..', '..');
export const SERVICES = ['gateway', 'identity', 'importer', 'mailmerge', 'console'] as const;
/** Services scaled by a HorizontalPodAutoscaler (the console is two fixed replicas of static files). */
export const AUTOSCALED = ['gateway', 'identity', 'importer', 'mailmerge'];

/* eslint-disable @typescript-eslint/no-explicit-any */
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
      // eslint-disable-next-line @typescript-eslint/no-require-imports
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

function portOfUrl(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    return parsed.port ? Number(parsed.port) : DEFAULT_PORTS[parsed.protocol];
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads.

type Source =
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

function quantity(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) return undefined;
  const factor = { m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

function checkContainerBasics(container: any, where: string, problems: string[]): void {
  if (!container.image || !/^[\w./-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/.test(container.image) || /:latest$/.test(container.image)) {
    problems.push(`${where}: image ${container.image ?? '(none)'} is not a pinned image reference`);
  }
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (quantity(container.resources?.[kind]?.[resource]) === undefined) problems.push(`${where}: no ${resource} ${kind}`);
    }
  }
  const requested = quantity(container.resources?.requests?.memory);
  const limit = quantity(container.resources?.limits?.memory);
  if (requested !== undefined && limit !== undefined && requested > limit) problems.push(`${where}: memory request above its limit`);
  const heap = /--max-old-space-size=(\d+)/.exec((container.env ?? []).find((e: any) => e.name === 'NODE_OPTIONS')?.value ?? '');
  if (limit !== undefined && (!heap || Number(heap[1]) * 1024 ** 2 >= limit * 0.8)) {
    problems.push(`${where}: NODE_OPTIONS must bound V8's heap (--max-old-space-size) well under the memory limit`);
  }
  const security = container.securityContext ?? {};
  if (security.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: the root filesystem is writable`);
  if (!(security.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities are not all dropped`);
  if (security.runAsUser === 0 || security.privileged) problems.push(`${where}: runs as root or privileged`);
}

function mountFor(path: string, container: any, podSpec: any): { writable: boolean } | undefined {
  const mount = (container.volumeMounts ?? [])
    .filter((m: any) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
    .sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
  if (!mount) return undefined;
  const volume = (podSpec.volumes ?? []).find((v: any) => v.name === mount.name);
  return { writable: mount.readOnly !== true && Boolean(volume?.emptyDir || volume?.persistentVolumeClaim) };
}

/** Deployments, Services, probes, resources, security, scaling, disruption budgets, migrations. */
export function checkWorkloads(objects: K8sObject[], options: { minReplicas: number }): string[] {
  const problems: string[] = [];
  for (const service of SERVICES) {
    const deployment = deploymentOf(objects, service);
    if (!deployment) {
      problems.push(`${service}: no Deployment sesame-${service}`);
      continue;
    }
    const pod = deployment.spec.template.spec;
    const podLabels = deployment.spec.template.metadata.labels ?? {};
    const where = `Deployment ${deployment.metadata.name}`;
    if (!selects(deployment.spec.selector, podLabels)) problems.push(`${where}: its selector does not select its own pods`);
    if (pod.securityContext?.runAsNonRoot !== true || !(pod.securityContext?.runAsUser > 0)) problems.push(`${where}: pods do not run as a non-root user`);
    if (pod.automountServiceAccountToken !== false) problems.push(`${where}: mounts a Kubernetes API token it never uses`);
    const main = (pod.containers ?? []).find((c: any) => c.name === service);
    if (!main) {
      problems.push(`${where}: no container named ${service}`);
      continue;
    }
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      checkContainerBasics(container, `${where}, container ${container.name}`, problems);
    }
    // Probes on the service's own health endpoints, on its HTTP port.
    const httpPort = (main.ports ?? []).find((p: any) => p.name === 'http');
    if (!httpPort) problems.push(`${where}: no container port named http`);
    for (const [probe, path] of [['livenessProbe', '/health/live'], ['readinessProbe', '/health/ready']] as const) {
      const get = main[probe]?.httpGet;
      if (!get || get.path !== path || (get.port !== 'http' && get.port !== httpPort?.containerPort)) {
        problems.push(`${where}: ${probe} is not GET ${path} on the http port`);
      }
    }
    if (!mountFor('/tmp/x', main, pod)?.writable) problems.push(`${where}: no writable /tmp (the root filesystem is read-only)`);
    // Graceful stop: the services give themselves 25 s after SIGTERM (libs/observability).
    const preStop = Number(main.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    if ((pod.terminationGracePeriodSeconds ?? 30) < 25 + preStop + 3) problems.push(`${where}: terminationGracePeriodSeconds leaves no room for the 25 s graceful stop`);
    // Its Service.
    const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === `sesame-${service}`);
    if (!svc) problems.push(`${service}: no Service sesame-${service}`);
    else {
      if (!selectsOnly({ matchLabels: svc.spec.selector ?? {} }, podLabels, objects)) problems.push(`Service ${svc.metadata.name}: does not select exactly the ${service} pods`);
      const port = (svc.spec.ports ?? [])[0];
      if (!port || (port.targetPort !== 'http' && port.targetPort !== httpPort?.containerPort)) problems.push(`Service ${svc.metadata.name}: does not target the http port`);
    }
    // The port the service listens on is the port declared.
    const env = environmentOf(main, objects, problems, where);
    const listen = env.get('PORT');
    if (!listen || listen.from === 'secret' || listen.from === 'other' || Number(listen.value) !== httpPort?.containerPort) {
      problems.push(`${where}: PORT is not set to the container port ${httpPort?.containerPort}`);
    }
    // Disruption budget and autoscaler.
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && selectsOnly(o.spec.selector, podLabels, objects));
    if (!pdb) problems.push(`${service}: no PodDisruptionBudget selecting its pods`);
    else if (pdb.spec.minAvailable !== undefined && Number(pdb.spec.minAvailable) >= options.minReplicas) problems.push(`PodDisruptionBudget ${pdb.metadata.name}: blocks every drain`);
    const hpa = objects.find(
      (o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef?.kind === 'Deployment' && o.spec.scaleTargetRef?.name === deployment.metadata.name,
    );
    if (AUTOSCALED.includes(service)) {
      if (!hpa) problems.push(`${service}: no HorizontalPodAutoscaler`);
      else {
        if (!(hpa.spec.minReplicas >= options.minReplicas) || !(hpa.spec.maxReplicas > hpa.spec.minReplicas)) {
          problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: replicas ${hpa.spec.minReplicas}..${hpa.spec.maxReplicas}, expected at least ${options.minReplicas} and room to grow`);
        }
        if (!(hpa.spec.metrics ?? []).length) problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: no metric`);
        if (deployment.spec.replicas !== undefined) problems.push(`${where}: sets replicas although its autoscaler owns the count (every apply would reset it)`);
      }
    } else if (!(deployment.spec.replicas >= options.minReplicas)) {
      problems.push(`${where}: ${deployment.spec.replicas ?? 1} replica(s), expected at least ${options.minReplicas}`);
    }
  }
  return problems;
}

/** Services owning a database migrate in an init container (`main.js --migrate-only`) before starting. */
export function checkMigrations(objects: K8sObject[], schemas: ServiceSchema[]): string[] {
  const problems: string[] = [];
  for (const { service, schema } of schemas) {
    if (!('DATABASE_URL' in schema.shape)) continue;
    const deployment = deploymentOf(objects, service);
    if (!deployment) continue;
    const pod = deployment.spec.template.spec;
    const main = pod.containers.find((c: any) => c.name === service);
    const migrate = (pod.initContainers ?? []).find((c: any) => (c.command ?? []).includes('--migrate-only'));
    if (!migrate) {
      problems.push(`${service}: no init container running --migrate-only`);
      continue;
    }
    if (migrate.image !== main?.image) problems.push(`${service}: the migration runs another image (${migrate.image}) than the service (${main?.image})`);
    if (!(migrate.command as string[]).includes(`services/${service}/dist/main.js`)) problems.push(`${service}: the migration does not run services/${service}/dist/main.js`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Configuration: every variable a service needs has a valid value, and secrets come from Secrets.

export function checkConfiguration(objects: K8sObject[], schemas: ServiceSchema[]): string[] {
  const problems: string[] = [];
  for (const { service, schema } of schemas) {
    const deployment = deploymentOf(objects, service);
    if (!deployment) {
      problems.push(`${service}: no Deployment sesame-${service}`);
      continue;
    }
    const pod = deployment.spec.template.spec;
    const containers = [...(pod.initContainers ?? []), ...pod.containers].filter(
      (c: any) => c.name === service || (c.command ?? []).includes('--migrate-only'),
    );
    for (const container of containers) {
      const where = `Deployment ${deployment.metadata.name}, container ${container.name}`;
      const env = environmentOf(container, objects, problems, where);
      for (const variable of variablesOf(schema)) {
        const source = env.get(variable.name);
        if (variable.secret && source && (source.from === 'value' || source.from === 'configMap')) {
          problems.push(`${where}: ${variable.name} is secret but its value is written in the manifests (${source.from === 'value' ? 'value:' : `ConfigMap ${source.map}`})`);
          continue;
        }
        if (variable.needsValue && (!source || (source.from === 'secret' && source.optional))) {
          problems.push(`${where}: ${variable.name} is not provided (${variable.needsValue})`);
          continue;
        }
        if (source?.from === 'value' || source?.from === 'configMap') {
          const parsed = variable.schema.safeParse(source.value === '' ? undefined : source.value);
          if (!parsed.success) problems.push(`${where}: ${variable.name}=${JSON.stringify(source.value)} is refused by the service: ${parsed.error.issues[0]?.message}`);
          else if (variable.needsValue === 'its default is this machine' && /\/\/(?:[^@/]*@)?(127\.0\.0\.1|localhost)(:|\/|$)/.test(source.value)) {
            problems.push(`${where}: ${variable.name} points at the pod itself (${source.value})`);
          } else if (variable.needsValue === 'its default is a folder in the image' && container.name === service && !mountFor(source.value, container, pod)?.writable) {
            problems.push(`${where}: ${variable.name}=${source.value} is not on a writable volume`);
          }
        }
      }
    }
  }
  // No Secret with data in the manifests: they are created by hand (docs/operations.md).
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    if (Object.keys({ ...secret.data, ...secret.stringData }).length) problems.push(`Secret ${secret.metadata.name}: its values are committed`);
  }
  return problems;
}

/** Every (Secret, key) a container reads. */
export function secretReferences(objects: K8sObject[]): Array<{ secret: string; key: string; optional: boolean }> {
  const found = new Map<string, { secret: string; key: string; optional: boolean }>();
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const pod = deployment.spec.template.spec;
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      for (const entry of container.env ?? []) {
        const ref = entry.valueFrom?.secretKeyRef;
        if (ref) found.set(`${ref.name}/${ref.key}`, { secret: ref.name, key: ref.key, optional: ref.optional === true });
      }
    }
  }
  return [...found.values()];
}

/** The (Secret, key) pairs that `kubectl create secret generic NAME --from-literal=KEY=… / --from-file=KEY=…` commands create. */
export function documentedSecretKeys(markdown: string): Set<string> {
  const keys = new Set<string>();
  const commands = markdown.replace(/\\\n/g, ' ').match(/kubectl create secret generic [^\n]+/g) ?? [];
  for (const command of commands) {
    const name = /generic\s+([\w-]+)/.exec(command)?.[1];
    for (const match of command.matchAll(/--from-(?:literal|file)=([A-Z0-9_]+)=/g)) keys.add(`${name}/${match[1]}`);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Network policies.

interface LabelSelector {
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

function podsOf(objects: K8sObject[]): Array<{ service: string; labels: Record<string, string>; ports: Array<{ name?: string; containerPort: number }> }> {
  return objects
    .filter((o) => o.kind === 'Deployment')
    .map((d) => ({
      service: d.metadata.labels?.['app.kubernetes.io/name'] ?? d.metadata.name,
      labels: d.spec.template.metadata.labels ?? {},
      ports: d.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
    }));
}

function selectsOnly(selector: LabelSelector, labels: Record<string, string>, objects: K8sObject[]): boolean {
  return podsOf(objects).every((pod) => selects(selector, pod.labels) === (pod.labels === labels || JSON.stringify(pod.labels) === JSON.stringify(labels)));
}

function policies(objects: K8sObject[], labels: Record<string, string>, type: 'Ingress' | 'Egress'): any[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy' && selects(o.spec.podSelector, labels))
    .filter((o) => (o.spec.policyTypes ?? (o.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(type))
    .map((o) => o.spec);
}

function portMatches(rulePorts: any[] | undefined, port: number, named: Array<{ name?: string; containerPort: number }>): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort);
    return named.some((n) => n.name === p.port && n.containerPort === port);
  });
}

type Peer = { pod: Record<string, string> } | 'outside';

function peerMatches(peer: any, who: Peer): boolean {
  if (who === 'outside') return Boolean(peer.ipBlock || peer.namespaceSelector);
  if (peer.ipBlock || peer.namespaceSelector) return false; // other namespaces / addresses (PostgreSQL, RabbitMQ… run elsewhere)
  return selects(peer.podSelector, who.pod);
}

function ingressAllowed(objects: K8sObject[], target: ReturnType<typeof podsOf>[number], port: number, from: Peer): boolean {
  return policies(objects, target.labels, 'Ingress').some((spec) =>
    (spec.ingress ?? []).some((rule: any) => (!rule.from?.length || rule.from.some((p: any) => peerMatches(p, from))) && portMatches(rule.ports, port, target.ports)),
  );
}

function egressAllowed(objects: K8sObject[], source: Record<string, string>, port: number, to: { pod: ReturnType<typeof podsOf>[number] } | 'outside'): boolean {
  const named = to === 'outside' ? [] : to.pod.ports;
  return policies(objects, source, 'Egress').some((spec) =>
    (spec.egress ?? []).some(
      (rule: any) => (!rule.to?.length || rule.to.some((p: any) => peerMatches(p, to === 'outside' ? 'outside' : { pod: to.pod.labels }))) && portMatches(rule.ports, port, named),
    ),
  );
}

/**
 * Only the gateway is reachable from outside; the others only from the gateway (and Prometheus, for
 * metrics); each service reaches what its configuration points at.
 */
export function checkNetwork(objects: K8sObject[], schemas: ServiceSchema[]): string[] {
  const problems: string[] = [];
  const deny = objects.find(
    (o) => o.kind === 'NetworkPolicy' && Object.keys(o.spec.podSelector ?? {}).length === 0 && ['Ingress', 'Egress'].every((t) => (o.spec.policyTypes ?? []).includes(t)) && !o.spec.ingress && !o.spec.egress,
  );
  if (!deny) problems.push('no default-deny NetworkPolicy (all pods, ingress and egress)');
  const pods = podsOf(objects);
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const targets = pods.filter((p) => selects(policy.spec.podSelector, p.labels));
    for (const rule of policy.spec.ingress ?? []) {
      for (const target of targets.filter((t) => t.service !== 'gateway')) {
        const peers: any[] = rule.from?.length ? rule.from : [{}];
        for (const peer of peers) {
          const fromGateway = !peer.namespaceSelector && !peer.ipBlock && peer.podSelector && pods.every((p) => selects(peer.podSelector, p.labels) === (p.service === 'gateway'));
          const fromPrometheus = peer.namespaceSelector && peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus';
          if (!fromGateway && !fromPrometheus) {
            problems.push(`NetworkPolicy ${policy.metadata.name}: lets ${JSON.stringify(peer)} reach ${target.service}; only the gateway may be reached from outside`);
          }
        }
      }
    }
  }
  const publicHosts = new Set(objects.filter((o) => o.kind === 'Ingress').flatMap((o) => (o.spec.rules ?? []).map((r: any) => r.host)));
  const gateway = pods.find((p) => p.service === 'gateway');
  if (gateway && !ingressAllowed(objects, gateway, gateway.ports[0]?.containerPort, 'outside')) problems.push('the gateway cannot be reached from outside');
  for (const pod of pods) {
    if (!egressAllowed(objects, pod.labels, 53, 'outside')) problems.push(`${pod.service}: cannot resolve names (DNS, port 53)`);
  }
  // What each service's configuration points at: the other services by their Service name, the
  // dependencies (PostgreSQL, RabbitMQ, Redis) on their port wherever they run.
  for (const { service, schema } of schemas) {
    const deployment = deploymentOf(objects, service);
    const source = pods.find((p) => p.service === service);
    if (!deployment || !source) continue;
    const env = environmentOf(deployment.spec.template.spec.containers.find((c: any) => c.name === service), objects, [], '');
    for (const variable of variablesOf(schema)) {
      if (variable.needsValue !== 'its default is this machine') continue;
      const value = env.get(variable.name);
      const known = value && (value.from === 'value' || value.from === 'configMap') ? value.value : undefined;
      // Sesame's own public address (links in emails) is written, not connected to.
      if (known && publicHosts.has(new URL(known).hostname)) continue;
      const port = portOfUrl(known ?? String(variable.defaultValue));
      if (port === undefined) continue;
      const host = known ? new URL(known).hostname.split('.')[0] : undefined;
      const svc = host ? objects.find((o) => o.kind === 'Service' && o.metadata.name === host) : undefined;
      if (svc) {
        const target = pods.find((p) => selects({ matchLabels: svc.spec.selector }, p.labels));
        const targetPort = target?.ports.find((p) => p.name === svc.spec.ports[0].targetPort || p.containerPort === svc.spec.ports[0].targetPort)?.containerPort;
        if (!target || targetPort === undefined) problems.push(`${service}: ${variable.name} names Service ${svc.metadata.name}, which selects no pod`);
        else {
          if (!egressAllowed(objects, source.labels, targetPort, { pod: target })) problems.push(`${service}: may not send to ${target.service}:${targetPort} (${variable.name})`);
          if (!ingressAllowed(objects, target, targetPort, { pod: source.labels })) problems.push(`${target.service}: does not accept ${service} on ${targetPort} (${variable.name})`);
        }
      } else if (!egressAllowed(objects, source.labels, port, 'outside')) {
        problems.push(`${service}: may not reach port ${port} (${variable.name})`);
      }
    }
  }
  return problems;
}

/** Whether `service`'s pods may open connections to `port` outside the namespace. */
export function mayReachOutside(objects: K8sObject[], service: string, port: number): boolean {
  const pod = podsOf(objects).find((p) => p.service === service);
  return pod !== undefined && egressAllowed(objects, pod.labels, port, 'outside');
}
