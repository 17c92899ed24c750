import {
  BROKER_USERS,
  REDIS_SERVICES,
  SESAME_SERVICES,
  SHARED_EXCHANGES,
  brokerPermissions,
  namespaced,
  redisAclRules,
  userName,
} from '@sesame/contracts';
import { K8sObject, deploymentOf, podsOf } from './objects';
import { Peer, egressAllowed } from './network';

// RabbitMQ and Redis as the manifests set them up: the Messaging Topology Operator's resources must
// say exactly what libs/contracts computes (brokerPermissions), the example Redis's ACL users what
// redisAclRules computes, and the NetworkPolicies let each service reach their pods, on their
// ports, and nothing else.


/** Users are named `sesame-<user>` in the manifests (and in docs/operations.md's commands). */
const DEPLOYMENT = { userPrefix: 'sesame' };

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.apiVersion === 'rabbitmq.com/v1beta1' && o.kind === kind);

/** Rights in one order (keys, topics by exchange), so that equal rights print equal. */
function canonical(rights: any): string {
  if (!rights) return 'null';
  const topics = [...(rights.topics ?? [])]
    .map((t: any) => ({ vhost: t.vhost, exchange: t.exchange, write: t.write, read: t.read }))
    .sort((a, b) => a.exchange.localeCompare(b.exchange));
  return JSON.stringify({ vhost: rights.vhost, configure: rights.configure, write: rights.write, read: rights.read, topics });
}

/** What the topology resources of an overlay grant, in the shape brokerPermissions gives. */
export function grantedPermissions(objects: K8sObject[]): Record<string, unknown> {
  const granted: Record<string, any> = {};
  for (const permission of ofKind(objects, 'Permission')) {
    const user = permission.spec.userReference?.name ?? permission.spec.user;
    granted[user] = { ...(granted[user] ?? { topics: [] }), vhost: permission.spec.vhost, ...permission.spec.permissions };
  }
  for (const topic of ofKind(objects, 'TopicPermission')) {
    const user = topic.spec.userReference?.name ?? topic.spec.user;
    granted[user] = granted[user] ?? { topics: [] };
    granted[user].topics = [...granted[user].topics, { vhost: topic.spec.vhost, ...topic.spec.permissions }];
  }
  return granted;
}

/**
 * The vhost, the shared exchanges, one User per broker user (its credentials from its own Secret)
 * and their Permissions and TopicPermissions equal what libs/contracts computes for the overlay's
 * AMQP_NAMESPACE; every resource references the same cluster.
 */
export function checkBrokerTopology(objects: K8sObject[], namespace: string): string[] {
  const problems: string[] = [];
  const vhosts = ofKind(objects, 'Vhost');
  if (vhosts.length !== 1) return [`${vhosts.length} Vhost resources; one per deployment expected`];
  const vhost = vhosts[0].spec.name;
  const expected: Record<string, unknown> = {};
  for (const user of BROKER_USERS) {
    const { topics, ...rights } = brokerPermissions(user, namespace);
    expected[userName(DEPLOYMENT, user)] = { vhost, ...rights, topics: topics.map((t) => ({ vhost, ...t })) };
  }
  const granted = grantedPermissions(objects);
  for (const name of new Set([...Object.keys(expected), ...Object.keys(granted)])) {
    if (canonical(granted[name]) !== canonical(expected[name])) {
      problems.push(`${name}: the manifests grant ${canonical(granted[name])}, libs/contracts computes ${canonical(expected[name])}`);
    }
  }
  const users = ofKind(objects, 'User').map((u) => `${u.metadata.name} <- ${u.spec.importCredentialsSecret?.name}`).sort();
  const expectedUsers = BROKER_USERS.map((u) => `${userName(DEPLOYMENT, u)} <- sesame-rabbitmq-${u}`).sort();
  if (JSON.stringify(users) !== JSON.stringify(expectedUsers)) problems.push(`Users ${JSON.stringify(users)}; expected ${JSON.stringify(expectedUsers)}`);
  const exchanges = ofKind(objects, 'Exchange').map((e) => `${e.spec.vhost}/${e.spec.name} ${e.spec.type} durable=${e.spec.durable}`).sort();
  const expectedExchanges = SHARED_EXCHANGES.map((e) => `${vhost}/${namespaced(namespace, e.name)} ${e.type} durable=true`).sort();
  if (JSON.stringify(exchanges) !== JSON.stringify(expectedExchanges)) problems.push(`Exchanges ${JSON.stringify(exchanges)}; expected ${JSON.stringify(expectedExchanges)}`);
  const clusters = new Set(objects.filter((o) => o.apiVersion === 'rabbitmq.com/v1beta1').map((o) => JSON.stringify(o.spec.rabbitmqClusterReference)));
  if (clusters.size !== 1) problems.push(`the topology resources reference ${clusters.size} clusters: ${[...clusters].join(', ')}`);
  return problems;
}

/** The `--user` directives of the example Redis, each as its list of arguments. */
export function redisUsers(objects: K8sObject[]): Record<string, string[]> {
  const redis = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'sesame-redis');
  const args: string[] = redis?.spec.template.spec.containers[0].args ?? [];
  const users: Record<string, string[]> = {};
  args.forEach((arg, i) => {
    if (arg !== '--user') return;
    const rest = args.slice(i + 1);
    const end = rest.findIndex((a) => a.startsWith('--'));
    const [name, ...rules] = end === -1 ? rest : rest.slice(0, end);
    users[name] = rules;
  });
  return users;
}

/** One ACL user per service, its password from the Secret, with exactly redisAclRules' rules for `prefix`. */
export function checkRedisUsers(objects: K8sObject[], prefix: string): string[] {
  const problems: string[] = [];
  const users = redisUsers(objects);
  const expected = Object.fromEntries(REDIS_SERVICES.map((s) => [userName(DEPLOYMENT, s), ['on', `>$(REDIS_PASSWORD_${s.toUpperCase()})`, ...redisAclRules(s, prefix)]]));
  for (const name of new Set([...Object.keys(users), ...Object.keys(expected)])) {
    if (JSON.stringify(users[name]) !== JSON.stringify(expected[name])) problems.push(`Redis user ${name}: ${JSON.stringify(users[name] ?? null)}; libs/contracts computes ${JSON.stringify(expected[name] ?? null)}`);
  }
  const env = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'sesame-redis')?.spec.template.spec.containers[0].env ?? [];
  for (const service of REDIS_SERVICES) {
    const ref = env.find((e: any) => e.name === `REDIS_PASSWORD_${service.toUpperCase()}`)?.valueFrom?.secretKeyRef;
    if (ref?.name !== 'sesame-redis' || ref?.key !== service) problems.push(`Redis: REDIS_PASSWORD_${service.toUpperCase()} is not read from the Secret sesame-redis, key ${service}`);
  }
  return problems;
}

/** Where the example's RabbitMQ and Redis pods are (deploy/k8s/dependencies). */
const DATA = { 'kubernetes.io/metadata.name': 'sesame-data' };
export const RABBITMQ_PODS: Peer = { pod: { 'app.kubernetes.io/name': 'sesame-rabbitmq' }, namespace: DATA };
export const REDIS_PODS: Peer = { pod: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/part-of': 'sesame-dependencies' }, namespace: DATA };
const BROKER_PORTS = [5671, 5672, 6379, 6380];

/**
 * The four services reach RabbitMQ's pods on `ports.amqp`, and those that keep keys in Redis (all
 * but the gateway) Redis's on `ports.redis`; nothing reaches them on another of their ports, the
 * console reaches neither, and no pod reaches a broker or a Redis elsewhere (another namespace's
 * pod, an address outside the cluster).
 */
export function checkBrokerNetwork(objects: K8sObject[], ports: { amqp: number; redis: number }): string[] {
  const problems: string[] = [];
  const elsewhere: Peer = { pod: { 'app.kubernetes.io/name': 'rabbitmq' }, namespace: { 'kubernetes.io/metadata.name': 'elsewhere' } };
  for (const pod of podsOf(objects)) {
    const usesAmqp = (SESAME_SERVICES as readonly string[]).includes(pod.service);
    const usesRedis = (REDIS_SERVICES as readonly string[]).includes(pod.service);
    const reach = (to: Peer, port: number) => egressAllowed(objects, pod.labels, port, to);
    if (usesAmqp && !reach(RABBITMQ_PODS, ports.amqp)) problems.push(`${pod.service}: may not reach RabbitMQ on ${ports.amqp}`);
    if (usesRedis && !reach(REDIS_PODS, ports.redis)) problems.push(`${pod.service}: may not reach Redis on ${ports.redis}`);
    for (const port of BROKER_PORTS) {
      if ((!usesAmqp || port !== ports.amqp) && reach(RABBITMQ_PODS, port)) problems.push(`${pod.service}: may reach RabbitMQ on ${port}`);
      if ((!usesRedis || port !== ports.redis) && reach(REDIS_PODS, port)) problems.push(`${pod.service}: may reach Redis on ${port}`);
      if (reach(elsewhere, port)) problems.push(`${pod.service}: may reach port ${port} of pods in other namespaces`);
      if (reach('external address', port)) problems.push(`${pod.service}: may reach port ${port} outside the cluster`);
    }
  }
  return problems;
}

/** Each service reads its own AMQP_URL (and REDIS_URL) from its own Secret (so: its own users); the gateway no REDIS_URL. */
export function checkOwnCredentials(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const service of SESAME_SERVICES) {
    const pod = deploymentOf(objects, service)?.spec.template.spec;
    const usesRedis = (REDIS_SERVICES as readonly string[]).includes(service);
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      if (!usesRedis && (container.env ?? []).some((e: any) => e.name === 'REDIS_URL')) problems.push(`${service}/${container.name}: has a REDIS_URL, but keeps nothing in Redis`);
      for (const variable of usesRedis ? ['AMQP_URL', 'REDIS_URL'] : ['AMQP_URL']) {
        const ref = (container.env ?? []).find((e: any) => e.name === variable)?.valueFrom?.secretKeyRef;
        if (ref?.name !== `sesame-${service}-secrets` || ref?.key !== variable) problems.push(`${service}/${container.name}: ${variable} is not read from sesame-${service}-secrets`);
      }
    }
  }
  return problems;
}
