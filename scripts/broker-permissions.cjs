#!/usr/bin/env node
// The RabbitMQ and Redis users of one deployment, computed from libs/contracts (broker-topology.ts,
// redis-keys.ts) as the Kubernetes manifests and the least-privilege test are (docs/operations.md,
// "Broker and Redis users"):
//
//   npm run --silent broker:permissions                  what each user may do, to read
//   npm run --silent broker:permissions -- rabbitmqctl   shell commands: vhost, exchanges, users, permissions
//   npm run --silent broker:permissions -- definitions   the same as RabbitMQ definitions (JSON) for
//                                                        `rabbitmqctl import_definitions`; passwords from
//                                                        SESAME_AMQP_PASSWORD_<USER> (e.g. …_GATEWAY)
//   npm run --silent broker:permissions -- redis         shell commands: one ACL user per service
//
// Options: --vhost (default sesame), --user-prefix (default sesame: users sesame-gateway…);
// AMQP_NAMESPACE and REDIS_PREFIX are read as the services read them. The shell commands take
// the passwords from the environment too (SESAME_AMQP_PASSWORD_<USER>, SESAME_REDIS_PASSWORD_<SERVICE>)
// when they run, so none is written here.
'use strict';
const { parseArgs } = require('node:util');
const { z } = require('zod');
const { env, loadConfig } = require('@sesame/config');
const {
  BROKER_USERS,
  REDIS_SERVICES,
  SHARED_EXCHANGES,
  brokerPermissions,
  namespaced,
  rabbitmqDefinitions,
  redisAclRules,
  userName,
} = require('@sesame/contracts');

/** The variable holding a user's password: SESAME_AMQP_PASSWORD_ENROLMENT_PUBLISHER… */
const passwordVariable = (kind, user) => `SESAME_${kind}_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;

/** A shell word: single-quoted, so `$`, `|`, `(` in the regular expressions stay as they are. */
const quote = (word) => `'${String(word).replace(/'/g, `'\\''`)}'`;

function rabbitmqctlCommands(deployment) {
  const { vhost } = deployment;
  const exchanges = SHARED_EXCHANGES.map((e) => ({ name: namespaced(deployment.namespace, e.name), vhost, type: e.type, durable: true, auto_delete: false, internal: false, arguments: {} }));
  const lines = [
    `# RabbitMQ: the vhost of the deployment, its shared exchanges, one user per service and one for the information systems.`,
    `rabbitmqctl add_vhost ${quote(vhost)}`,
    `printf '%s' ${quote(JSON.stringify({ exchanges }))} | rabbitmqctl import_definitions --format json`,
  ];
  for (const user of BROKER_USERS) {
    const name = userName(deployment, user);
    const rights = brokerPermissions(user, deployment.namespace);
    lines.push(`printf '%s' "$${passwordVariable('AMQP', user)}" | rabbitmqctl add_user ${quote(name)}`);
    lines.push(`rabbitmqctl set_permissions -p ${[vhost, name, rights.configure, rights.write, rights.read].map(quote).join(' ')}`);
    for (const topic of rights.topics) lines.push(`rabbitmqctl set_topic_permissions -p ${[vhost, name, topic.exchange, topic.write, topic.read].map(quote).join(' ')}`);
  }
  return lines.join('\n');
}

function redisCommands(deployment) {
  const lines = [
    `# Redis: one ACL user per service (redis-cli as the default user: REDISCLI_AUTH, -h, -p, --tls as needed).`,
    `# Persist them: ACL SAVE when Redis runs with an aclfile, else CONFIG REWRITE (or put the rules in its configuration).`,
  ];
  for (const service of REDIS_SERVICES) {
    const rules = redisAclRules(service, deployment.redisPrefix).map(quote).join(' ');
    // The password comes last, from standard input (-x), so it never shows on a command line.
    lines.push(`printf '>%s' "$${passwordVariable('REDIS', service)}" | redis-cli -x ACL SETUSER ${quote(userName(deployment, service))} reset on ${rules}`);
  }
  return lines.join('\n');
}

function definitions(deployment) {
  const missing = BROKER_USERS.map((user) => passwordVariable('AMQP', user)).filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`set the password of each user first: ${missing.join(', ')}`);
  return JSON.stringify(rabbitmqDefinitions(deployment, (user) => process.env[passwordVariable('AMQP', user)]), null, 2);
}

function summary(deployment) {
  const lines = [`vhost ${deployment.vhost}; AMQP namespace ${JSON.stringify(deployment.namespace)}; Redis prefix ${deployment.redisPrefix}`, ''];
  for (const user of BROKER_USERS) {
    const rights = brokerPermissions(user, deployment.namespace);
    lines.push(`${userName(deployment, user)} (RabbitMQ)`, `  configure ${rights.configure}`, `  write     ${rights.write}`, `  read      ${rights.read}`);
    for (const topic of rights.topics) lines.push(`  topics on ${topic.exchange}: write ${topic.write}; read (bind) ${topic.read}`);
    if (REDIS_SERVICES.includes(user)) lines.push(`${userName(deployment, user)} (Redis)`, `  ${redisAclRules(user, deployment.redisPrefix).join(' ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { vhost: { type: 'string', default: 'sesame' }, 'user-prefix': { type: 'string', default: 'sesame' } },
  });
  const config = loadConfig(z.object({ AMQP_NAMESPACE: env.amqpNamespace(), REDIS_PREFIX: env.redisPrefix() }));
  const deployment = { vhost: values.vhost, namespace: config.AMQP_NAMESPACE, redisPrefix: config.REDIS_PREFIX, userPrefix: values['user-prefix'] };
  const outputs = { rabbitmqctl: rabbitmqctlCommands, definitions, redis: redisCommands, summary };
  const what = positionals[0] ?? 'summary';
  if (!outputs[what] || positionals.length > 1) throw new Error(`usage: npm run --silent broker:permissions -- [${Object.keys(outputs).join('|')}] [--vhost sesame] [--user-prefix sesame]`);
  process.stdout.write(`${outputs[what](deployment)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`broker:permissions: ${error.message}\n`);
    process.exit(2);
  }
}

module.exports = { passwordVariable };
