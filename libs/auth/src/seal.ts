import { randomBytes } from 'node:crypto';
import { SealedSecret, SealedSecretSchema } from '@sesame/contracts';
import { FlattenedEncrypt, base64url, decodeProtectedHeader, errors, flattenedDecrypt } from 'jose';

/** One key of a keyring: a short public id (so keys can rotate) and 256 secret bits. */
export interface SealKey {
  id: string;
  secret: Uint8Array;
}

const KEY_TEXT = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_-]+={0,2})$/;
export const SEAL_KEY_FORMAT = '<key id>:<32 random bytes in base64>, e.g. 2025-09:… (scripts/dev-keys.mjs makes one)';

/** Reads `<id>:<base64>`; null when it is not one (the configuration says why, without the value). */
export function parseSealKey(text: string): SealKey | null {
  const match = KEY_TEXT.exec(text.trim());
  if (!match) return null;
  // Node's base64 decoder reads both alphabets (base64 and base64url).
  const secret = Buffer.from(match[2], 'base64');
  return secret.length === 32 ? { id: match[1], secret: new Uint8Array(secret) } : null;
}

/** A comma-separated list of keys (the previous keys of a rotation); null when one is not a key. */
export function parseSealKeys(text: string): SealKey[] | null {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseSealKey);
  return keys.every((key): key is SealKey => key !== null) ? keys : null;
}

/** A new key as the variables hold it (development and tests; production keys come from a Secret). */
export function generateSealKey(id = new Date().toISOString().slice(0, 7)): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** Why a box was refused. Names no secret: it goes into logs and dead-letter reasons. */
export class SealRefused extends Error {
  constructor(readonly reason: 'malformed' | 'unknown key' | 'not authentic') {
    super(`sealed secret refused: ${reason}`);
    this.name = 'SealRefused';
  }
}

const ALGORITHMS = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] };

/**
 * Seals short secrets (reset tokens) for the one service that holds the same key, and opens them.
 * AES-256-GCM through jose's flattened JWE: the key id travels in the authenticated header, and the
 * `context` (what the secret belongs to) is additional authenticated data that is not carried, so
 * the opener must know it independently. The current key seals; every key opens (rotation).
 */
export class SealKeyring {
  private readonly keys: Map<string, Uint8Array>;

  constructor(
    private readonly current: SealKey,
    previous: SealKey[] = [],
  ) {
    this.keys = new Map();
    for (const key of [current, ...previous]) {
      if (this.keys.has(key.id)) throw new Error(`Two seal keys have the id "${key.id}"`);
      this.keys.set(key.id, key.secret);
    }
  }

  async seal(secret: string, context: string): Promise<SealedSecret> {
    const box = await new FlattenedEncrypt(new TextEncoder().encode(secret))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: this.current.id })
      .setAdditionalAuthenticatedData(new TextEncoder().encode(context))
      .encrypt(this.current.secret);
    return { protected: box.protected!, iv: box.iv!, ciphertext: box.ciphertext, tag: box.tag! };
  }

  /** The secret, or SealRefused when the box is not one, names a key this ring lacks, or was altered or moved. */
  async open(box: SealedSecret, context: string): Promise<string> {
    if (!SealedSecretSchema.safeParse(box).success) throw new SealRefused('malformed');
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(box).kid;
    } catch {
      throw new SealRefused('malformed');
    }
    const key = typeof kid === 'string' ? this.keys.get(kid) : undefined;
    if (!key) throw new SealRefused('unknown key');
    try {
      const { plaintext } = await flattenedDecrypt({ ...box, aad: base64url.encode(context) }, key, ALGORITHMS);
      return new TextDecoder().decode(plaintext);
    } catch (error) {
      if (error instanceof errors.JWEDecryptionFailed) throw new SealRefused('not authentic');
      if (error instanceof errors.JOSEError) throw new SealRefused('malformed');
      throw error;
    }
  }
}
