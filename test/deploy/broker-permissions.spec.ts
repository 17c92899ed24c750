import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BROKER_USERS,
  REDIS_SERVICES,
  SHARED_EXCHANGES,
  brokerPermissions,
  namespaced,
  rabbitmqDefinitions,
  redisAclRules,
} from '@sesame/contracts';

// `npm run broker:permissions` as an operator runs it (docs/operations.md, "Broker and Redis users"):
// its shell commands are run by sh with rabbitmqctl and redis-cli replaced by functions that record
// the arguments and standard input they get, and compared with what libs/contracts computes.

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'broker-permissions.cjs');
const passwords: Record<string, string> = {};
for (const user of BROKER_USERS) passwords[`SESAME_AMQP_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`] = `amqp 'pw' of ${user} $x`;
for (const service of REDIS_SERVICES) passwords[`SESAME_REDIS_PASSWORD_${service.toUpperCase()}`] = `redis "pw" of ${service}`;
const environment = { PATH: process.env.PATH ?? '', AMQP_NAMESPACE: 'blue', REDIS_PREFIX: 'sesame-blue', ...passwords };
const deployment = { vhost: 'sesame-blue', namespace: 'blue', redisPrefix: 'sesame-blue', userPrefix: 'blue' };

function script(what: string): string {
  return execFileSync(process.execPath, [SCRIPT, what, '--vhost', 'sesame-blue', '--user-prefix', 'blue'], { env: environment, encoding: 'utf8' });
}

/** Runs the printed commands with a `program` on the PATH that records each call as JSON: its arguments and standard input. */
function calls(commands: string, program: string): Array<{ args: string[]; stdin: string }> {
  const bin = mkdtempSync(join(tmpdir(), 'sesame-recorder-'));
  try {
    const record = 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.stringify({args:process.argv.slice(1),stdin:s})))';
    writeFileSync(join(bin, program), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e '${record}' -- "$@"\n`, { mode: 0o755 });
    const output = execFileSync('sh', ['-c', commands], { env: { ...environment, PATH: `${bin}:${environment.PATH}` }, encoding: 'utf8' });
    return output.trim().split('\n').map((line) => JSON.parse(line));
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('npm run broker:permissions', () => {
  it('prints rabbitmqctl commands that create the vhost, the exchanges and each user with exactly its rights', () => {
    const made = calls(script('rabbitmqctl'), 'rabbitmqctl');
    const expected = [
      { args: ['add_vhost', 'sesame-blue'], stdin: '' },
      { args: ['import_definitions', '--format', 'json'], stdin: expect.any(String) },
      ...BROKER_USERS.flatMap((user) => {
        const rights = brokerPermissions(user, 'blue');
        return [
          { args: ['add_user', `blue-${user}`], stdin: passwords[`SESAME_AMQP_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`] },
          { args: ['set_permissions', '-p', 'sesame-blue', `blue-${user}`, rights.configure, rights.write, rights.read], stdin: '' },
          ...rights.topics.map((t) => ({ args: ['set_topic_permissions', '-p', 'sesame-blue', `blue-${user}`, t.exchange, t.write, t.read], stdin: '' })),
        ];
      }),
    ];
    expect(made).toEqual(expected);
    expect(JSON.parse(made[1].stdin).exchanges.map((e: { name: string; type: string }) => `${e.name} ${e.type}`)).toEqual(
      SHARED_EXCHANGES.map((e) => `${namespaced('blue', e.name)} topic`),
    );
  });

  it('prints redis-cli commands that create each service’s ACL user, its password from standard input', () => {
    expect(calls(script('redis'), 'redis-cli')).toEqual(
      REDIS_SERVICES.map((service) => ({
        args: ['-x', 'ACL', 'SETUSER', `blue-${service}`, 'reset', 'on', ...redisAclRules(service, 'sesame-blue')],
        stdin: `>${passwords[`SESAME_REDIS_PASSWORD_${service.toUpperCase()}`]}`,
      })),
    );
  });

  it('prints the same as RabbitMQ definitions, with each password hashed as RabbitMQ does', () => {
    const printed = JSON.parse(script('definitions'));
    const computed = rabbitmqDefinitions(deployment, () => 'unused');
    expect({ ...printed, users: undefined }).toEqual({ ...computed, users: undefined });
    for (const user of printed.users) {
      const hash = Buffer.from(user.password_hash, 'base64');
      const password = passwords[`SESAME_AMQP_PASSWORD_${user.name.slice('blue-'.length).toUpperCase().replace(/-/g, '_')}`];
      const salt = hash.subarray(0, 4);
      expect(hash.subarray(4)).toEqual(createHash('sha256').update(Buffer.concat([salt, Buffer.from(password)])).digest());
    }
    expect(() => execFileSync(process.execPath, [SCRIPT, 'definitions'], { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' })).toThrow(/SESAME_AMQP_PASSWORD_GATEWAY/);
  });
});
