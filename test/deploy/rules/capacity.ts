import { MULTIPART_OVERHEAD_BYTES } from '@sesame/gateway/testing';
import { K8sObject, ServiceSchema, Source, deploymentOf, environmentOf, variablesOf } from './objects';
import { quantity } from './workloads';

// What the manifests must agree on with what the services do: every variable decided for
// production, memory and CPU limits that hold the threads the configuration starts, an Ingress that
// lets the largest upload through for as long as the services give it.


function mainEnvironment(objects: K8sObject[], service: string): Map<string, Source> | undefined {
  const deployment = deploymentOf(objects, service);
  const container = deployment?.spec.template.spec.containers.find((c: any) => c.name === service);
  return container ? environmentOf(container, objects, [], '') : undefined;
}

function written(env: Map<string, Source> | undefined, name: string): string | undefined {
  const source = env?.get(name);
  return source && (source.from === 'value' || source.from === 'configMap') ? source.value : undefined;
}

/**
 * Every variable every service declares has a line in the manifests (a value, possibly empty for
 * "the default", or a Secret reference): a variable added to a schema fails here until someone has
 * decided its production value, rather than running with a default chosen for a laptop.
 */
export function checkEveryVariableDecided(objects: K8sObject[], schemas: ServiceSchema[]): string[] {
  const problems: string[] = [];
  for (const { service, schema } of schemas) {
    const env = mainEnvironment(objects, service);
    if (!env) continue;
    for (const variable of variablesOf(schema)) {
      if (!env.has(variable.name)) {
        problems.push(
          `${service}: ${variable.name} is set nowhere in the manifests; add it to deploy/k8s/base/${service}/config.env (or common.env) with its production value${variable.secret ? ', or a secretKeyRef: it is secret' : ''}`,
        );
      }
    }
  }
  return problems;
}

const MiB = 1024 ** 2;
/** What a worker thread costs besides its heap: an isolate, its code, buffers (measured ~11 MiB; rounded up). */
const THREAD_OVERHEAD_MIB = 16;
/** A rendering thread's young generation (RenderThread: maxYoungGenerationSizeMb) and its fonts and pdfkit buffers. */
const RENDER_THREAD_EXTRA_MIB = 8 + 24;
/** The process besides V8's main heap: code, libuv, sockets, buffers. */
const PROCESS_BASE_MIB = 64;

function heapMib(objects: K8sObject[], service: string): number | undefined {
  const container = deploymentOf(objects, service)?.spec.template.spec.containers.find((c: any) => c.name === service);
  const heap = /--max-old-space-size=(\d+)/.exec((container?.env ?? []).find((e: any) => e.name === 'NODE_OPTIONS')?.value ?? '');
  return heap ? Number(heap[1]) : undefined;
}

function limits(objects: K8sObject[], service: string): { cpu?: number; memory?: number } {
  const container = deploymentOf(objects, service)?.spec.template.spec.containers.find((c: any) => c.name === service);
  return { cpu: quantity(container?.resources?.limits?.cpu), memory: quantity(container?.resources?.limits?.memory) };
}

/**
 * The threads the configuration starts fit in the pod: the importer's argon2id threads (one per core
 * of the CPU limit at most, each an isolate plus ARGON2_MEMORY_KIB) and mailmerge's rendering threads
 * (CAMPAIGN_JOB_CONCURRENCY of them, each a heap of PDF_RENDER_HEAP_MB), on top of V8's main heap.
 */
export function checkCapacity(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const importer = mainEnvironment(objects, 'importer');
  if (importer) {
    const threads = Number(written(importer, 'IMPORT_HASH_THREADS'));
    const argon2 = Number(written(importer, 'ARGON2_MEMORY_KIB') ?? 19_456) / 1024;
    const { cpu, memory } = limits(objects, 'importer');
    if (!(threads >= 1)) problems.push('importer: IMPORT_HASH_THREADS must be set: its default is the number of cores of the node, not of the pod');
    else if (cpu !== undefined && threads > Math.ceil(cpu)) problems.push(`importer: ${threads} hashing threads for a CPU limit of ${cpu} cores`);
    const needed = (heapMib(objects, 'importer') ?? 0) + threads * (argon2 + THREAD_OVERHEAD_MIB) + PROCESS_BASE_MIB;
    if (memory !== undefined && needed * MiB > memory) problems.push(`importer: heap, ${threads} hashing threads and the process need ${Math.round(needed)} MiB, over the memory limit of ${memory / MiB} MiB`);
  }
  const mailmerge = mainEnvironment(objects, 'mailmerge');
  if (mailmerge) {
    const renders = Number(written(mailmerge, 'CAMPAIGN_JOB_CONCURRENCY') ?? 2);
    const heap = Number(written(mailmerge, 'PDF_RENDER_HEAP_MB') ?? 64);
    const { cpu, memory } = limits(objects, 'mailmerge');
    if (cpu !== undefined && renders > Math.ceil(cpu)) problems.push(`mailmerge: ${renders} campaigns drawn at once for a CPU limit of ${cpu} cores`);
    const needed = (heapMib(objects, 'mailmerge') ?? 0) + renders * (heap + RENDER_THREAD_EXTRA_MIB + THREAD_OVERHEAD_MIB) + PROCESS_BASE_MIB;
    if (memory !== undefined && needed * MiB > memory) problems.push(`mailmerge: heap, ${renders} rendering threads and the process need ${Math.round(needed)} MiB, over the memory limit of ${memory / MiB} MiB`);
  }
  return problems;
}

/** nginx sizes: `51m`, `1g`, `512k`, bytes. */
export function nginxSize(value: string | undefined): number | undefined {
  const match = /^(\d+)([kmg]?)$/i.exec(value ?? '');
  if (!match) return undefined;
  return Number(match[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
}


/** The Ingresses and the upload each one carries: the API's (CSV imports) and the feeds' (an AAF delivery, about a gigabyte). */
export const UPLOAD_INGRESSES = [
  { ingress: 'sesame', label: 'Ingress', maxBytes: 'IMPORT_MAX_BYTES', path: '/' },
  { ingress: 'sesame-feeds', label: 'Ingress sesame-feeds', maxBytes: 'FEED_MAX_BYTES', path: '/api/v1/feeds' },
] as const;

/**
 * The Ingresses (ingress-nginx) let the largest upload the gateway and the importer accept through,
 * streamed, for as long as the services give a request, and stream downloads back: POST
 * /api/v1/feeds has its own Ingress (ingress-nginx applies the longest path's annotations), so that
 * only that path takes bodies of FEED_MAX_BYTES.
 */
export function checkUploadPath(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  // The gateway and the importer give a whole upload UPLOAD_TIMEOUT_SECONDS (Node's requestTimeout).
  const gatewayTime = Number(written(mainEnvironment(objects, 'gateway'), 'UPLOAD_TIMEOUT_SECONDS'));
  const importerTime = Number(written(mainEnvironment(objects, 'importer'), 'UPLOAD_TIMEOUT_SECONDS'));
  if (!(gatewayTime > 0) || gatewayTime !== importerTime) problems.push(`UPLOAD_TIMEOUT_SECONDS differs between the gateway (${gatewayTime}) and the importer (${importerTime})`);
  for (const route of UPLOAD_INGRESSES) {
    const ingress = objects.find((o) => o.kind === 'Ingress' && o.metadata.name === route.ingress);
    if (!ingress) {
      problems.push(`${route.label} is missing`);
      continue;
    }
    const paths = (ingress.spec.rules ?? []).flatMap((r: any) => r.http?.paths ?? []).map((p: any) => p.path);
    if (!paths.includes(route.path)) problems.push(`${route.label} does not route ${route.path}`);
    const annotations = ingress.metadata.annotations ?? {};
    const annotation = (name: string) => annotations[`nginx.ingress.kubernetes.io/${name}`];
    const gatewayMax = Number(written(mainEnvironment(objects, 'gateway'), route.maxBytes));
    const importerMax = Number(written(mainEnvironment(objects, 'importer'), route.maxBytes));
    if (!(gatewayMax > 0) || gatewayMax !== importerMax) problems.push(`${route.maxBytes} differs between the gateway (${gatewayMax}) and the importer (${importerMax})`);
    const body = nginxSize(annotation('proxy-body-size'));
    const largest = gatewayMax + MULTIPART_OVERHEAD_BYTES;
    if (body === undefined || body < largest) problems.push(`${route.label}: proxy-body-size ${annotation('proxy-body-size')} refuses uploads the gateway accepts (up to ${largest} bytes)`);
    else if (body > largest + 4 * MiB) problems.push(`${route.label}: proxy-body-size ${annotation('proxy-body-size')} lets far larger bodies than ${largest} bytes reach the gateway`);
    for (const name of ['proxy-request-buffering', 'proxy-buffering']) {
      if (annotation(name) !== 'off') problems.push(`${route.label}: ${name} is not "off": bodies are spooled to the controller's disk`);
    }
    for (const name of ['proxy-send-timeout', 'proxy-read-timeout']) {
      if (!(Number(annotation(name)) >= gatewayTime)) problems.push(`${route.label}: ${name} ${annotation(name) ?? '(60 s default)'} cuts uploads the services still accept (${gatewayTime} s)`);
    }
  }
  return problems;
}
