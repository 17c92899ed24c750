#!/usr/bin/env node
// Prints a fresh Ed25519 key pair, the OpenID Connect provider's RSA key, a seal key and the keys of activation codes at rest as .env lines for docker compose:
//   node scripts/dev-keys.mjs > .env
// Production keys come from a Kubernetes Secret (docs/operations.md), never from this script.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const line = (name, pem) => `${name}="${pem.trim().replace(/\n/g, '\\n')}"`;
process.stdout.write(`${line('JWT_PRIVATE_KEY', privateKey.export({ format: 'pem', type: 'pkcs8' }))}\n`);
process.stdout.write(`${line('JWT_PUBLIC_KEY', publicKey.export({ format: 'pem', type: 'spki' }))}\n`);
const oidc = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
process.stdout.write(`${line('OIDC_SIGNING_KEYS', oidc.export({ format: 'pem', type: 'pkcs8' }))}\n`);
// Identity seals reset tokens for mailmerge with it: <key id>:<32 random bytes in base64>.
process.stdout.write(`MAIL_SEAL_KEY="dev:${randomBytes(32).toString('base64')}"\n`);
process.stdout.write(`ACTIVATION_CODE_KEY="${randomBytes(32).toString('base64')}"\n`);
process.stdout.write(`CAMPAIGN_CODE_KEY="${randomBytes(32).toString('base64')}"\n`);
