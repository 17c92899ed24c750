import { KeyObject, createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, randomFillSync } from 'node:crypto';
import { z } from 'zod';

const VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class UnreadableField extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnreadableField';
  }
}

function keyFrom(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`A field key is ${KEY_BYTES} random bytes in base64`);
  return key;
}

/** Derived from the key, so operators name nothing and two keys never share an id by mistake. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('sesame field key\0').update(key).digest('base64url').slice(0, 8);
}

/**
 * Nonces drawn from the system's generator 1,024 at a time: one call per nonce cost as much as the
 * encryption itself (measured on 100,000 codes). Each nonce is used once.
 */
class NoncePool {
  private readonly pool = Buffer.alloc(NONCE_BYTES * 1024);
  private next = this.pool.length;

  take(): Buffer {
    if (this.next === this.pool.length) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    // A copy: the pool is overwritten at the next refill.
    const nonce = Buffer.from(this.pool.subarray(this.next, this.next + NONCE_BYTES));
    this.next += NONCE_BYTES;
    return nonce;
  }
}

/** Splits a list of keys written one per line, or separated by commas or spaces. */
export function splitKeys(list: string | undefined): string[] {
  return (list ?? '').split(/[\s,]+/).filter(Boolean);
}

const isKey = (text: string) => {
  try {
    keyFrom(text);
    return true;
  } catch {
    return false;
  }
};

/** A configuration variable holding one key (secret). */
export function fieldKeySchema(description: string) {
  return z
    .string()
    .refine(isKey, { message: `must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32)` })
    .meta({ description, secret: true });
}

/** A configuration variable holding the keys still read during a rotation (secret, optional). */
export function previousFieldKeysSchema(description: string) {
  return z
    .string()
    .optional()
    .refine((list) => splitKeys(list).every(isKey), { message: `must be keys of ${KEY_BYTES} random bytes in base64, separated by commas` })
    .meta({ description, secret: true });
}

/** A fresh key in base64 (development and tests; production keys come from a Secret). */
export function generateFieldKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Encrypts short secrets that must be read back (activation codes) with AES-256-GCM: a random nonce
 * per value, and a context (the account's id) bound as additional data, so a sealed value copied to
 * another row does not open there. A sealed value reads `v1.<key id>.<nonce ‖ ciphertext ‖ tag>`:
 * the current key seals; the current and previous keys open, which is what lets keys rotate.
 */
export class FieldCipher {
  private readonly current: { id: string; key: KeyObject };
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentPrefix: string;
  private readonly nonces = new NoncePool();

  constructor(currentKey: string, previousKeys: readonly string[] = []) {
    const key = keyFrom(currentKey);
    this.current = { id: keyIdOf(key), key: createSecretKey(key) };
    for (const k of [key, ...previousKeys.map(keyFrom)]) {
      const id = keyIdOf(k);
      if (!this.keys.has(id)) this.keys.set(id, createSecretKey(k));
    }
    this.currentPrefix = `${VERSION}.${this.current.id}.`;
  }

  /** The start of every value the current key sealed (to find those still to seal again). */
  get currentKeyPrefix(): string {
    return this.currentPrefix;
  }

  seal(plain: string, context: string): string {
    const nonce = this.nonces.take();
    const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([nonce, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return this.currentPrefix + body.toString('base64url');
  }

  /** The plain value; throws UnreadableField for a value sealed by an unknown key, altered, or moved. */
  open(sealed: string, context: string): string {
    const [version, keyId, data, extra] = sealed.split('.');
    if (version !== VERSION || data === undefined || extra !== undefined) throw new UnreadableField('not a sealed value');
    const key = this.keys.get(keyId);
    if (!key) throw new UnreadableField('sealed by an unknown key');
    const body = Buffer.from(data, 'base64url');
    if (body.length < NONCE_BYTES + TAG_BYTES) throw new UnreadableField('truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableField('authentication failed');
    }
  }

  /** Whether a stored value is sealed at all (values written before encryption are not). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}.`);
  }

  /** Whether the current key sealed it (nothing to do when rotating). */
  isCurrent(value: string): boolean {
    return value.startsWith(this.currentPrefix);
  }
}
