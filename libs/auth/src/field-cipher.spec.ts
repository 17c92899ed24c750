import { FieldCipher, UnreadableField, fieldKeySchema, generateFieldKey, previousFieldKeysSchema, splitKeys } from './field-cipher';

const ACCOUNT = '2b1e4a3c-8d6f-4e1a-9c7b-5d3e2f1a0b9c';

describe('FieldCipher', () => {
  const key = generateFieldKey();
  const cipher = new FieldCipher(key);

  it('seals a code so that it no longer appears, and opens it back', () => {
    const sealed = cipher.seal('pt6cpj7c', ACCOUNT);
    expect(sealed).not.toContain('pt6cpj7c');
    expect(sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]+$/);
    expect(cipher.open(sealed, ACCOUNT)).toBe('pt6cpj7c');
  });

  it('draws a fresh nonce each time: the same code twice gives two different values', () => {
    expect(cipher.seal('pt6cpj7c', ACCOUNT)).not.toBe(cipher.seal('pt6cpj7c', ACCOUNT));
  });

  it('refuses a value moved to another account, altered, or sealed by an unknown key', () => {
    const sealed = cipher.seal('pt6cpj7c', ACCOUNT);
    expect(() => cipher.open(sealed, '00000000-0000-0000-0000-000000000000')).toThrow(UnreadableField);
    const body = sealed.slice(sealed.lastIndexOf('.') + 1);
    const flipped = sealed.slice(0, sealed.length - body.length) + (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    expect(() => cipher.open(flipped, ACCOUNT)).toThrow(UnreadableField);
    expect(() => new FieldCipher(generateFieldKey()).open(sealed, ACCOUNT)).toThrow(/unknown key/);
    expect(() => cipher.open('pt6cpj7c', ACCOUNT)).toThrow(UnreadableField);
  });

  it('rotates: the new key seals, the previous one still opens what it sealed', () => {
    const next = new FieldCipher(generateFieldKey(), [key]);
    const old = cipher.seal('pt6cpj7c', ACCOUNT);
    expect(next.open(old, ACCOUNT)).toBe('pt6cpj7c');
    expect(next.isCurrent(old)).toBe(false);
    const fresh = next.seal('pt6cpj7c', ACCOUNT);
    expect(next.isCurrent(fresh)).toBe(true);
    expect(() => cipher.open(fresh, ACCOUNT)).toThrow(UnreadableField);
  });

  it('tells sealed values from those written before encryption', () => {
    expect(FieldCipher.isSealed(cipher.seal('pt6cpj7c', ACCOUNT))).toBe(true);
    expect(FieldCipher.isSealed('pt6cpj7c')).toBe(false);
  });
});

describe('field key configuration', () => {
  it('accepts 32 bytes in base64 and refuses anything else', () => {
    expect(fieldKeySchema('k').safeParse(generateFieldKey()).success).toBe(true);
    expect(fieldKeySchema('k').safeParse('c2hvcnQ=').success).toBe(false);
    expect(fieldKeySchema('k').safeParse('a passphrase is not a key').success).toBe(false);
  });

  it('reads previous keys separated by commas, spaces or lines', () => {
    const [a, b] = [generateFieldKey(), generateFieldKey()];
    expect(splitKeys(`${a}, ${b}\n`)).toEqual([a, b]);
    expect(previousFieldKeysSchema('k').safeParse(`${a},${b}`).success).toBe(true);
    expect(previousFieldKeysSchema('k').safeParse(undefined).success).toBe(true);
    expect(previousFieldKeysSchema('k').safeParse(`${a},nope`).success).toBe(false);
  });
});
