import { K8sObject, SERVICES, AUTOSCALED, ServiceSchema, deploymentOf, environmentOf, mountFor, selects, selectsOnly, variablesOf } from './objects';

// Deployments, Services, scaling, migrations and configuration, as lists of problems (empty: all
// good), so that a test can also show each rule catching a broken manifest.

 
export function quantity(value: string | number | undefined): number | undefined {
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
        if ((source?.from === 'value' || source?.from === 'configMap') && variable.name.endsWith('_FILE') && source.value !== '') {
          // A file of the pod (a CA bundle…): it comes from a mounted Secret or ConfigMap, and the
          // service checks its content at start.
          const volume = mountedVolume(source.value, container, pod);
          if (!volume?.secret && !volume?.configMap) problems.push(`${where}: ${variable.name}=${source.value} is not on a mounted Secret or ConfigMap`);
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

/** The volume a path of the container is on. */
function mountedVolume(path: string, container: any, pod: any): any {
  const mount = (container.volumeMounts ?? [])
    .filter((m: any) => path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
    .sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
  return mount && (pod.volumes ?? []).find((v: any) => v.name === mount.name);
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

