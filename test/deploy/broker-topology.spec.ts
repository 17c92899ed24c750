import { join } from 'node:path';
import { SESAME_SERVICES } from '@sesame/contracts';
import {
  K8sObject,
  ROOT,
  checkBrokerNetwork,
  checkBrokerTopology,
  checkConfiguration,
  checkOwnCredentials,
  checkRedisUsers,
  deploymentOf,
  environmentOf,
  mountFor,
  render,
  serviceSchemas,
} from './rules';

// The RabbitMQ and Redis users, vhost and network of the rendered manifests against libs/contracts:
// what the code computes is what Kubernetes creates (`kubectl kustomize`, as manifests.spec.ts).


const OVERLAYS = {
  prod: { amqp: 5671, redis: 6380, tls: true },
  dev: { amqp: 5672, redis: 6379, tls: false },
} as const;

const clone = (objects: K8sObject[]): K8sObject[] => JSON.parse(JSON.stringify(objects));
const common = (objects: K8sObject[]) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-common'))!.data!;

describe.each(Object.entries(OVERLAYS))('deploy/k8s/overlays/%s: the broker and Redis', (overlay, expected) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(join(ROOT, 'deploy', 'k8s', 'overlays', overlay));
  });

  it('declares a vhost, the shared exchanges and one RabbitMQ user per service, with exactly the permissions libs/contracts computes', () => {
    expect(checkBrokerTopology(objects, common(objects).AMQP_NAMESPACE ?? '')).toEqual([]);
  });

  it('gives each service its own credentials (its own Secret’s AMQP_URL and REDIS_URL)', () => {
    expect(checkOwnCredentials(objects)).toEqual([]);
  });

  it(`lets each service reach RabbitMQ on ${expected.amqp} and Redis on ${expected.redis}, on their pods only; the console neither`, () => {
    expect(checkBrokerNetwork(objects, expected)).toEqual([]);
  });

  it(expected.tls ? 'connects with TLS: the CA of both on a mounted Secret' : 'connects without TLS', () => {
    for (const service of SESAME_SERVICES) {
      const pod = deploymentOf(objects, service)!.spec.template.spec;
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const env = environmentOf(container, objects, [], '');
        for (const variable of ['AMQP_TLS_CA_FILE', 'REDIS_TLS_CA_FILE']) {
          const source = env.get(variable);
          const file = source && source.from === 'configMap' ? source.value : undefined;
          if (!expected.tls) {
            expect([service, variable, file]).toEqual([service, variable, '']);
            continue;
          }
          expect([service, variable, file && mountFor(file, container, pod)]).toEqual([service, variable, { writable: false }]);
          const mount = container.volumeMounts.find((m: any) => file!.startsWith(`${m.mountPath}/`));
          expect(pod.volumes.find((v: any) => v.name === mount.name).secret.secretName).toBe('sesame-dependencies-ca');
        }
      }
    }
  });

  describe('the checks catch', () => {
    it('a permission edited in the manifests, a user missing, an exchange left to a service', () => {
      const broken = clone(objects);
      const importer = broken.find((o) => o.kind === 'Permission' && o.metadata.name === 'sesame-importer')!;
      importer.spec.permissions.read = '.*';
      broken.splice(broken.findIndex((o) => o.kind === 'User' && o.metadata.name === 'sesame-mailmerge'), 1);
      broken.splice(broken.findIndex((o) => o.kind === 'Exchange' && o.spec.name.endsWith('enrolment')), 1);
      expect(checkBrokerTopology(broken, '')).toEqual([
        expect.stringMatching(/^sesame-importer: the manifests grant .*"read":"\.\*"/),
        expect.stringContaining('Users ['),
        expect.stringContaining('Exchanges ['),
      ]);
    });

    it('the broker port left open to every destination, the console let through, a shared Secret', () => {
      const broken = clone(objects);
      broken.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'too-open' },
        spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'TCP', port: 5672 }] }] },
      });
      expect(checkBrokerNetwork(broken, expected)).toEqual(
        expect.arrayContaining(['console: may reach port 5672 of pods in other namespaces', 'gateway: may reach port 5672 outside the cluster']),
      );
      const shared = clone(objects);
      const mailmerge = deploymentOf(shared, 'mailmerge')!.spec.template.spec.containers[0];
      mailmerge.env.find((e: any) => e.name === 'AMQP_URL').valueFrom.secretKeyRef.name = 'sesame-identity-secrets';
      expect(checkOwnCredentials(shared)).toEqual(['mailmerge/mailmerge: AMQP_URL is not read from sesame-mailmerge-secrets']);
    });
  });
});

describe('deploy/k8s/overlays/prod: a TLS file', () => {
  it('is refused when it is not on a mounted Secret or ConfigMap (the service would not find it)', () => {
    const objects = render(join(ROOT, 'deploy', 'k8s', 'overlays', 'prod'));
    expect(checkConfiguration(objects, serviceSchemas())).toEqual([]);
    objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('sesame-common'))!.data!.AMQP_TLS_CA_FILE = '/tmp/ca.crt';
    expect(checkConfiguration(objects, serviceSchemas())).toContainEqual('Deployment sesame-gateway, container gateway: AMQP_TLS_CA_FILE=/tmp/ca.crt is not on a mounted Secret or ConfigMap');
  });
});

describe('deploy/k8s/dependencies: the example Redis', () => {
  let objects: K8sObject[];
  let prefix: string;
  beforeAll(() => {
    objects = render(join(ROOT, 'deploy', 'k8s', 'dependencies'));
    prefix = common(render(join(ROOT, 'deploy', 'k8s', 'overlays', 'prod'))).REDIS_PREFIX;
  });

  it('has one ACL user per service, with exactly the rules libs/contracts computes for the deployment’s REDIS_PREFIX', () => {
    expect(prefix).toBe('sesame');
    expect(checkRedisUsers(objects, prefix)).toEqual([]);
    expect(checkRedisUsers(objects, 'other')).not.toEqual([]);
  });
});
