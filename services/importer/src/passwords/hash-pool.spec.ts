import { verify } from '@node-rs/argon2';
import { HashPool } from './hash-pool';

const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('HashPool', () => {
  let pool: HashPool;
  afterEach(() => pool.close());

  it('hashes with argon2id on worker threads, in NFC', async () => {
    pool = new HashPool(CHEAP, 2);
    const hash = await pool.hash('E\u0301loi\u0308se a un long mot de passe');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verify(hash, 'Éloïse a un long mot de passe')).toBe(true);
    expect(pool.size).toBeGreaterThan(0);
  });

  it('hashes many at once with no more threads than asked', async () => {
    pool = new HashPool(CHEAP, 2);
    const hashes = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.hash(`mot de passe numéro ${i}`)));
    expect(new Set(hashes).size).toBe(20);
    expect(pool.size).toBeLessThanOrEqual(2);
  });

  it('makes the reader wait while the backlog is full', async () => {
    pool = new HashPool(CHEAP, 1, 2);
    const pending = Array.from({ length: 6 }, (_, i) => pool.hash(`mot de passe ${i} assez long`));
    let ready = false;
    const waiting = pool.whenReady().then(() => (ready = true));
    expect(ready).toBe(false);
    await waiting;
    expect(ready).toBe(true);
    await Promise.all(pending);
  });

  it('stops its threads when idle', async () => {
    pool = new HashPool(CHEAP, 2, 8, 50);
    await pool.hash('un mot de passe assez long');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pool.size).toBe(0);
  });
});
