import { SealKey, SealKeyring, SealRefused, generateSealKey, parseSealKey, parseSealKeys } from './seal';

const key = (id: string): SealKey => parseSealKey(generateSealKey(id))!;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'opened',
    (error: unknown) => (error instanceof SealRefused ? error.reason : String(error)),
  );

describe('SealKeyring', () => {
  const context = '["identity.user.password-reset-requested",2,"u1","lea","lea@example.org","2025-12-01T17:35:00.000Z"]';

  it('opens what it sealed, and the box shows neither the secret nor the key', async () => {
    const ring = new SealKeyring(key('2025-09'));
    const box = await ring.seal('the-reset-token-0123456789', context);
    expect(JSON.stringify(box)).not.toContain('the-reset-token');
    expect(JSON.parse(Buffer.from(box.protected, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM', kid: '2025-09' });
    expect(await ring.open(box, context)).toBe('the-reset-token-0123456789');
  });

  it('seals with the current key and still opens boxes sealed under a previous one (rotation)', async () => {
    const old = key('2025-03');
    const current = key('2025-09');
    const sealedBefore = await new SealKeyring(old).seal('sealed before the rotation', context);
    const rotating = new SealKeyring(current, [old]);
    expect(await rotating.open(sealedBefore, context)).toBe('sealed before the rotation');
    const sealedNow = await rotating.seal('sealed after', context);
    expect(JSON.parse(Buffer.from(sealedNow.protected, 'base64url').toString()).kid).toBe('2025-09');
    // Once the previous key is dropped, its boxes no longer open.
    expect(await refusal(new SealKeyring(current).open(sealedBefore, context))).toBe('unknown key');
  });

  it('refuses a box moved to another context (another account, address or event)', async () => {
    const ring = new SealKeyring(key('k'));
    const box = await ring.seal('secret', context);
    expect(await refusal(ring.open(box, context.replace('"u1"', '"u2"')))).toBe('not authentic');
    expect(await refusal(ring.open(box, context.replace('lea@example.org', 'intrus@example.org')))).toBe('not authentic');
  });

  it('refuses a tampered box, a box under the same key id but another key, and one that is not a box', async () => {
    const ring = new SealKeyring(key('k'));
    const box = await ring.seal('secret', context);
    const flipped = Buffer.from(box.ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(await refusal(ring.open({ ...box, ciphertext: flipped.toString('base64url') }, context))).toBe('not authentic');
    expect(await refusal(ring.open({ ...box, tag: Buffer.alloc(16).toString('base64url') }, context))).toBe('not authentic');
    expect(await refusal(new SealKeyring(key('k')).open(box, context))).toBe('not authentic');
    const otherAlgorithm = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A128GCM', kid: 'k' })).toString('base64url');
    expect(await refusal(ring.open({ ...box, protected: otherAlgorithm }, context))).toBe('malformed');
    expect(await refusal(ring.open({ ...box, protected: 'not-a-header' }, context))).toBe('malformed');
    expect(await refusal(ring.open({ token: 'clear' } as never, context))).toBe('malformed');
  });

  it('refuses two keys with one id', () => {
    expect(() => new SealKeyring(key('same'), [key('same')])).toThrow(/Two seal keys have the id "same"/);
  });
});

describe('seal keys as the configuration holds them', () => {
  it('reads <id>:<32 bytes in base64 or base64url>, and nothing else', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseSealKey(`2025-09:${bytes.toString('base64')}`)).toEqual({ id: '2025-09', secret: new Uint8Array(bytes) });
    expect(parseSealKey(`k_1:${bytes.toString('base64url')}`)?.secret).toEqual(new Uint8Array(bytes));
    expect(parseSealKey(bytes.toString('base64'))).toBeNull();
    expect(parseSealKey(`k:${Buffer.alloc(16).toString('base64')}`)).toBeNull();
    expect(parseSealKey(`bad id:${bytes.toString('base64')}`)).toBeNull();
  });

  it('reads a comma-separated list of previous keys, refusing it whole when one is wrong', () => {
    const [a, b] = [generateSealKey('a'), generateSealKey('b')];
    expect(parseSealKeys(`${a}, ${b}`)?.map((k) => k.id)).toEqual(['a', 'b']);
    expect(parseSealKeys('')).toEqual([]);
    expect(parseSealKeys(`${a},oops`)).toBeNull();
  });
});
