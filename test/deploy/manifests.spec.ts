import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  K8sObject,
  ROOT,
  SERVICES,
  ServiceSchema,
  checkCapacity,
  checkConfiguration,
  checkEveryVariableDecided,
  checkMigrations,
  checkNetwork,
  checkUploadPath,
  checkWorkloads,
  deploymentOf,
  documentedSecretKeys,
  mayReachOutside,
  prometheusMayScrape,
  render,
  secretReferences,
  serviceSchemas,
} from './rules';

// `kubectl kustomize` renders each overlay (with whichever kubectl is installed: CI installs
// Debian's kubernetes-client, kubectl 1.20 with kustomize v2.0.3), then the rendered objects are
// checked against the services' own configuration schemas.

const OVERLAYS = {
  dev: { namespace: 'sesame-dev', minReplicas: 1, readWriteMany: false, tls: false },
  prod: { namespace: 'sesame', minReplicas: 2, readWriteMany: true, tls: true },
} as const;

const schemas = serviceSchemas();
const clone = (objects: K8sObject[]): K8sObject[] => JSON.parse(JSON.stringify(objects));

describe('the configuration schemas the checks read', () => {
  it('are found for every service, with what Kubernetes must provide', () => {
    expect(schemas.map((s) => s.service).sort()).toEqual([...SERVICES].sort());
  });
});

describe.each(Object.entries(OVERLAYS))('deploy/k8s/overlays/%s', (overlay, expected) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(join(ROOT, 'deploy', 'k8s', 'overlays', overlay));
  });

  it('renders every object in its namespace, with no variable left unresolved', () => {
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.filter((o) => o.metadata.namespace !== expected.namespace).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/\$\([A-Z_]+\)/);
    expect(objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] !== 'sesame').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it('runs each service with probes, requests and limits, a pinned image, as non-root, with a Service, a PDB and (workers, gateway) an autoscaler', () => {
    expect(checkWorkloads(objects, { minReplicas: expected.minReplicas })).toEqual([]);
  });

  it('migrates each database in an init container before the service starts', () => {
    expect(checkMigrations(objects, schemas)).toEqual([]);
    for (const { service, schema } of schemas) {
      if ('DATABASE_URL' in schema.shape) expect(readFileSync(join(ROOT, 'services', service, 'src', 'main.ts'), 'utf8')).toContain('--migrate-only');
    }
  });

  it('gives every variable a service requires a valid value, and secrets only through Secret references', () => {
    expect(checkConfiguration(objects, schemas)).toEqual([]);
  });

  it('sets every variable of every service, none left to a default chosen for a laptop', () => {
    expect(checkEveryVariableDecided(objects, schemas)).toEqual([]);
  });

  it('gives the importer and mailmerge the memory and CPU their hashing and rendering threads need', () => {
    expect(checkCapacity(objects)).toEqual([]);
  });

  it('lets the largest upload through the Ingress, streamed, for as long as the services accept it', () => {
    expect(checkUploadPath(objects)).toEqual([]);
  });

  it('lets only the gateway be reached from outside, the gateway reach the others, each service its dependencies', () => {
    expect(checkNetwork(objects, schemas)).toEqual([]);
    for (const port of [587, 465]) expect(mayReachOutside(objects, 'mailmerge', port)).toBe(true);
    expect(mayReachOutside(objects, 'console', 5432)).toBe(false);
    expect(mayReachOutside(objects, 'gateway', 5432)).toBe(false);
    for (const service of SERVICES) expect([service, prometheusMayScrape(objects, service)]).toEqual([service, true]);
  });

  it('routes the public host to the gateway, the host the links in letters and emails use', () => {
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    // The API and the console; POST /api/v1/feeds on its own, for its larger bodies.
    expect(ingresses.map((o) => o.metadata.name).sort()).toEqual(['sesame', 'sesame-feeds']);
    const common = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-common'))!;
    const host = new URL(common.data!.PUBLIC_URL).hostname;
    for (const ingress of ingresses) {
      expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([host]);
      expect(ingress.spec.rules[0].http.paths.map((p: any) => p.backend.service.name)).toEqual(['sesame-gateway']);
      if (expected.tls) {
        expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: 'sesame-tls' }]);
        expect(common.data!.PUBLIC_URL).toMatch(/^https:/);
      } else expect(ingress.spec.tls).toBeUndefined();
    }
  });

  it('mounts the documents volume in mailmerge, shared by every replica, with DOCUMENTS_DIR on it', () => {
    const pod = deploymentOf(objects, 'mailmerge')!.spec.template.spec;
    const claim = pod.volumes.find((v: any) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName;
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim);
    expect(pvc).toBeDefined();
    expect(pvc!.spec.accessModes).toEqual([expected.readWriteMany ? 'ReadWriteMany' : 'ReadWriteOnce']);
    const mailmerge = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-mailmerge-'))!;
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === pod.volumes.find((v: any) => v.persistentVolumeClaim).name);
    expect(mailmerge.data!.DOCUMENTS_DIR.startsWith(`${mount.mountPath}/`)).toBe(true);
  });

  it('mounts the feeds volume in the importer, shared by every replica, with FEED_DIR on it', () => {
    // The replica that receives an upload is not always the one whose worker reads it.
    const pod = deploymentOf(objects, 'importer')!.spec.template.spec;
    const volume = pod.volumes.find((v: any) => v.persistentVolumeClaim);
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === volume?.persistentVolumeClaim.claimName);
    expect(pvc).toBeDefined();
    expect(pvc!.spec.accessModes).toEqual([expected.readWriteMany ? 'ReadWriteMany' : 'ReadWriteOnce']);
    const importer = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-importer-'))!;
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    expect(importer.data!.FEED_DIR.startsWith(`${mount.mountPath}/`)).toBe(true);
  });

  it('reads only Secret keys that docs/operations.md tells how to create', () => {
    const documented = documentedSecretKeys(readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8'));
    const missing = secretReferences(objects).filter((r) => !documented.has(`${r.secret}/${r.key}`));
    expect(missing).toEqual([]);
  });

  describe('the checks catch', () => {
    it('a variable a service adds to its schema without a value in the manifests', () => {
      const gateway = schemas.find((s) => s.service === 'gateway')!;
      const grown: ServiceSchema[] = [
        ...schemas.filter((s) => s !== gateway),
        { service: 'gateway', schema: gateway.schema.extend({ NEW_REQUIRED_SETTING: z.string().min(1).meta({ description: 'A new one' }) }) },
      ];
      expect(checkConfiguration(objects, grown)).toEqual([
        expect.stringContaining('NEW_REQUIRED_SETTING is not provided (no default)'),
      ]);
    });

    it('an internal address left at its localhost default, and a folder left in the read-only image', () => {
      const broken = clone(objects);
      const gatewayMap = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-gateway-'))!;
      delete gatewayMap.data!.IMPORTER_URL;
      const mailmergeMap = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-mailmerge-'))!;
      mailmergeMap.data!.MAIL_OUTBOX_DIR = '/app/outbox';
      const problems = checkConfiguration(broken, schemas);
      expect(problems).toContainEqual(expect.stringContaining('IMPORTER_URL is not provided (its default is this machine)'));
      expect(problems).toContainEqual(expect.stringContaining('MAIL_OUTBOX_DIR=/app/outbox is not on a writable volume'));
    });

    it('a variable with no line, hashing threads left to the node’s core count, threads beyond the limits', () => {
      const broken = clone(objects);
      const mailmergeMap = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-mailmerge-'))!;
      delete mailmergeMap.data!.CAMPAIGN_EMAILS_PER_SECOND;
      mailmergeMap.data!.CAMPAIGN_JOB_CONCURRENCY = '4';
      const importerMap = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-importer-'))!;
      delete importerMap.data!.IMPORT_HASH_THREADS;
      expect(checkEveryVariableDecided(broken, schemas)).toEqual([
        expect.stringContaining('importer: IMPORT_HASH_THREADS is set nowhere in the manifests'),
        expect.stringContaining('mailmerge: CAMPAIGN_EMAILS_PER_SECOND is set nowhere in the manifests'),
      ]);
      expect(checkCapacity(broken)).toEqual([
        'importer: IMPORT_HASH_THREADS must be set: its default is the number of cores of the node, not of the pod',
        'mailmerge: 4 campaigns drawn at once for a CPU limit of 2 cores',
        expect.stringMatching(/^mailmerge: heap, 4 rendering threads and the process need \d+ MiB, over the memory limit of 640 MiB$/),
      ]);
    });

    it('an upload limit that differs between the gateway and the importer, an Ingress that cuts uploads short', () => {
      const broken = clone(objects);
      const gatewayMap = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-gateway-'))!;
      gatewayMap.data!.IMPORT_MAX_BYTES = String(100 * 1024 * 1024);
      const ingress = broken.find((o) => o.kind === 'Ingress' && o.metadata.name === 'sesame')!;
      ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'] = '60';
      delete ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-request-buffering'];
      expect(checkUploadPath(broken)).toEqual([
        'IMPORT_MAX_BYTES differs between the gateway (104857600) and the importer (52428800)',
        expect.stringContaining('Ingress: proxy-body-size 51m refuses uploads the gateway accepts'),
        expect.stringContaining('Ingress: proxy-request-buffering is not "off"'),
        'Ingress: proxy-read-timeout 60 cuts uploads the services still accept (1800 s)',
      ]);
      const fixed = clone(objects);
      fixed.find((o) => o.kind === 'Ingress' && o.metadata.name === 'sesame')!.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size'] = '50m';
      expect(checkUploadPath(fixed)).toEqual([expect.stringContaining('Ingress: proxy-body-size 50m refuses uploads the gateway accepts (up to 52494336 bytes)')]);
      // An AAF delivery through the API's own Ingress would be cut at 51m: the feeds keep theirs.
      const feeds = clone(objects);
      feeds.find((o) => o.kind === 'Ingress' && o.metadata.name === 'sesame-feeds')!.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size'] = '51m';
      const importerMap = feeds.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-importer-'))!;
      const commonMap = feeds.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-common'))!;
      importerMap.data!.FEED_MAX_BYTES = String(Number(commonMap.data!.FEED_MAX_BYTES) / 2);
      expect(checkUploadPath(feeds)).toEqual([
        expect.stringMatching(/^FEED_MAX_BYTES differs between the gateway \(\d+\) and the importer \(\d+\)$/),
        expect.stringContaining('Ingress sesame-feeds: proxy-body-size 51m refuses uploads the gateway accepts'),
      ]);
    });

    it('the gateway no longer allowed to stream uploads to the importer or documents from mailmerge', () => {
      const broken = clone(objects);
      const egress = broken.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'sesame-gateway-to-internal')!;
      egress.spec.egress[0].ports = egress.spec.egress[0].ports.filter((p: { port: number }) => p.port !== 3002);
      const ingress = broken.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'sesame-internal-from-gateway')!;
      ingress.spec.podSelector.matchExpressions[0].values = ['console', 'importer'];
      expect(checkNetwork(broken, schemas)).toEqual(
        expect.arrayContaining(['gateway: may not send to importer:3002 (IMPORTER_URL)', 'mailmerge: does not accept gateway on 3003 (MAILMERGE_URL)']),
      );
    });

    it('a secret written inline, and a Secret carrying values', () => {
      const broken = clone(objects);
      const identity = deploymentOf(broken, 'identity')!.spec.template.spec.containers[0];
      identity.env = identity.env.map((e: any) => (e.name === 'JWT_PRIVATE_KEY' ? { name: e.name, value: '-----BEGIN PRIVATE KEY-----' } : e));
      broken.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'oops', namespace: expected.namespace }, data: { A: 'eA==' } });
      const problems = checkConfiguration(broken, schemas);
      expect(problems).toContainEqual(expect.stringContaining('JWT_PRIVATE_KEY is secret but its value is written in the manifests'));
      expect(problems).toContainEqual('Secret oops: its values are committed');
    });

    it('a service opened to the outside, a missing probe, limit or autoscaler, a root container', () => {
      const broken = clone(objects);
      broken.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'too-open' },
        spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'identity' } }, policyTypes: ['Ingress'], ingress: [{}] },
      });
      const importer = deploymentOf(broken, 'importer')!.spec.template.spec;
      delete importer.containers[0].readinessProbe;
      delete importer.containers[0].resources.limits.memory;
      importer.securityContext.runAsNonRoot = false;
      const index = broken.findIndex((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'sesame-mailmerge');
      broken.splice(index, 1);
      expect(checkNetwork(broken, schemas)).toContainEqual(expect.stringContaining('NetworkPolicy too-open: lets {} reach identity'));
      // What commonLabels would do: add Sesame's label to the selector of Prometheus's pods.
      const scrape = broken.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'sesame-metrics-from-prometheus')!;
      scrape.spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/part-of'] = 'sesame';
      expect(prometheusMayScrape(broken, 'mailmerge')).toBe(false);
      const problems = checkWorkloads(broken, { minReplicas: expected.minReplicas });
      expect(problems).toEqual(
        expect.arrayContaining([
          'Deployment sesame-importer: readinessProbe is not GET /health/ready on the http port',
          'Deployment sesame-importer, container importer: no memory limits',
          'Deployment sesame-importer: pods do not run as a non-root user',
          'mailmerge: no HorizontalPodAutoscaler',
        ]),
      );
    });
  });
});

describe('the kustomizations', () => {
  // kubectl 1.20 (Debian's kubernetes-client) embeds kustomize v2.0.3, which refuses what came later
  // (labels, patches, replacements, components, envs) and takes folders only under `bases`.
  const ALLOWED = ['resources', 'bases', 'namespace', 'namePrefix', 'commonLabels', 'commonAnnotations', 'images', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'patchesStrategicMerge', 'patchesJson6902', 'vars'];
  const GENERATOR = ['name', 'behavior', 'env', 'files', 'literals'];
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name === 'kustomization.yaml' ? [join(dir, e.name)] : []));

  it.each(files(join(ROOT, 'deploy', 'k8s')).map((f) => [relative(ROOT, f)]))('%s uses only what kustomize v2.0.3 knows', (file) => {
    const kustomization = parse(readFileSync(join(ROOT, file), 'utf8'));
    expect(Object.keys(kustomization).filter((k) => !ALLOWED.includes(k))).toEqual([]);
    for (const generator of [...(kustomization.configMapGenerator ?? []), ...(kustomization.secretGenerator ?? [])]) {
      expect(Object.keys(generator).filter((k) => !GENERATOR.includes(k))).toEqual([]);
    }
    for (const resource of kustomization.resources ?? []) expect(statSync(join(ROOT, dirname(file), resource)).isFile()).toBe(true);
  });
});

describe('deploy/k8s/dependencies (examples for the operators)', () => {
  it('renders', () => {
    const objects = render(join(ROOT, 'deploy', 'k8s', 'dependencies'));
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Cluster', 'RabbitmqCluster', 'StatefulSet']));
  });
});
