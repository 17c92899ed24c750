import { K8sObject, ServiceSchema, deploymentOf, environmentOf, podsOf, portOfUrl, selects, variablesOf } from './objects';

// NetworkPolicies evaluated the way a network plugin does (a pod is isolated for a direction once a
// policy selects it; then only what some rule allows passes), for the pods of the Deployments.


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

/**
 * A pod of this namespace, a pod of another namespace (with that namespace's labels), anything
 * outside this namespace, or an address outside the cluster only.
 */
export type Peer = { pod: Record<string, string>; namespace?: Record<string, string> } | 'outside' | 'external address';

function peerMatches(peer: any, who: Peer): boolean {
  if (who === 'outside') return Boolean(peer.ipBlock || peer.namespaceSelector);
  if (who === 'external address') return Boolean(peer.ipBlock);
  if (peer.ipBlock) return false; // addresses: PostgreSQL, RabbitMQ… outside the cluster
  if (who.namespace) return Boolean(peer.namespaceSelector) && selects(peer.namespaceSelector, who.namespace) && (!peer.podSelector || selects(peer.podSelector, who.pod));
  return !peer.namespaceSelector && selects(peer.podSelector, who.pod);
}

function ingressAllowed(objects: K8sObject[], target: ReturnType<typeof podsOf>[number], port: number, from: Peer): boolean {
  return policies(objects, target.labels, 'Ingress').some((spec) =>
    (spec.ingress ?? []).some((rule: any) => (!rule.from?.length || rule.from.some((p: any) => peerMatches(p, from))) && portMatches(rule.ports, port, target.ports)),
  );
}

export function egressAllowed(objects: K8sObject[], source: Record<string, string>, port: number, to: Peer, named: Array<{ name?: string; containerPort: number }> = []): boolean {
  return policies(objects, source, 'Egress').some((spec) =>
    (spec.egress ?? []).some((rule: any) => (!rule.to?.length || rule.to.some((p: any) => peerMatches(p, to))) && portMatches(rule.ports, port, named)),
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
      // RabbitMQ and Redis: their pods and ports are checked by checkBrokerNetwork (rules/broker.ts).
      if (variable.name === 'AMQP_URL' || variable.name === 'REDIS_URL') continue;
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
          if (!egressAllowed(objects, source.labels, targetPort, { pod: target.labels }, target.ports)) problems.push(`${service}: may not send to ${target.service}:${targetPort} (${variable.name})`);
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

/** Whether Prometheus (kube-prometheus-stack's pods, namespace `monitoring`) may read `service`'s /metrics. */
export function prometheusMayScrape(objects: K8sObject[], service: string): boolean {
  const pod = podsOf(objects).find((p) => p.service === service);
  const port = pod?.ports.find((p) => p.name === 'http')?.containerPort;
  const prometheus = { pod: { 'app.kubernetes.io/name': 'prometheus' }, namespace: { 'kubernetes.io/metadata.name': 'monitoring' } };
  return pod !== undefined && port !== undefined && ingressAllowed(objects, pod, port, prometheus);
}
