import { parseFilter } from './scim-filter';
import { applyPatch, matches } from './scim-patch';
import { projected } from './scim-projection';
import { SCIM_SCHEMAS } from '@sesame/contracts';

describe('SCIM filters (RFC 7644 §3.4.2.2)', () => {
  it('reads the RFC’s examples into a tree', () => {
    expect(parseFilter('userName Eq "john"')).toEqual({ kind: 'compare', path: 'username', op: 'eq', value: 'john' });
    expect(parseFilter('title pr')).toEqual({ kind: 'present', path: 'title' });
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({ op: 'gt', path: 'meta.lastmodified' });
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toEqual({
      kind: 'valuePath',
      path: 'emails',
      filter: { kind: 'and', left: { kind: 'compare', path: 'type', op: 'eq', value: 'work' }, right: { kind: 'compare', path: 'value', op: 'co', value: '@example.com' } },
    });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"')).toMatchObject({ path: 'urn:ietf:params:scim:schemas:core:2.0:user:username' });
  });

  it('binds not, then and, then or; parentheses group', () => {
    const tree = parseFilter('a eq 1 or b eq 2 and not (c pr)');
    expect(tree).toMatchObject({ kind: 'or', right: { kind: 'and', right: { kind: 'not' } } });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq true')).toMatchObject({ kind: 'and', left: { kind: 'or' }, right: { value: true } });
    expect(parseFilter('a eq null')).toMatchObject({ value: null });
    expect(parseFilter('a eq "quote \\" inside"')).toMatchObject({ value: 'quote " inside' });
  });

  it('refuses what the grammar does not allow, saying where', () => {
    for (const text of ['', 'a', 'a eq', 'a eq "x" and', 'a is "x"', '(a pr', 'a pr)', 'a eq "open', 'a eq x', 'a[b pr', 'a eq "x" #']) {
      expect(() => parseFilter(text)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidFilter' }));
    }
  });

  it('matches the values of a multi-valued attribute without case', () => {
    const work = { value: 'A@Example.com', type: 'work' };
    expect(matches(work, parseFilter('type eq "WORK" and value ew "example.com"'))).toBe(true);
    expect(matches(work, parseFilter('not (type eq "work")'))).toBe(false);
    expect(matches(work, parseFilter('primary pr'))).toBe(false);
  });
});

describe('SCIM PATCH (RFC 7644 §3.5.2)', () => {
  const user = { schemas: [SCIM_SCHEMAS.user], id: '1', userName: 'ana', name: { givenName: 'Ana' }, emails: [{ value: 'a@x.fr', type: 'work' }], [SCIM_SCHEMAS.sesameUser]: { profile: 'student' } };
  const patch = (...Operations: unknown[]) => applyPatch(user, { schemas: [SCIM_SCHEMAS.patchOp], Operations });

  it('adds to a multi-valued attribute without repeating, merges a complex one, sets a simple one', () => {
    expect(patch({ op: 'add', path: 'emails', value: [{ value: 'a@x.fr', type: 'work' }, { value: 'b@x.fr' }] }).emails).toHaveLength(2);
    expect(patch({ op: 'add', value: { name: { familyName: 'Diaz' }, nickName: 'A' } })).toMatchObject({ name: { givenName: 'Ana', familyName: 'Diaz' }, nickName: 'A' });
    expect(patch({ op: 'replace', path: `${SCIM_SCHEMAS.sesameUser}:profile`, value: 'teacher' })[SCIM_SCHEMAS.sesameUser]).toEqual({ profile: 'teacher' });
    expect(patch({ op: 'replace', value: { [`${SCIM_SCHEMAS.sesameUser}:profile`]: 'guest' } })[SCIM_SCHEMAS.sesameUser]).toEqual({ profile: 'guest' });
  });

  it('replaces and removes through value filters, and refuses a filter that matches nothing', () => {
    expect(patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'c@x.fr' }).emails).toEqual([{ value: 'c@x.fr', type: 'work' }]);
    expect(patch({ op: 'remove', path: 'emails[value eq "a@x.fr"]' }).emails).toEqual([]);
    expect(() => patch({ op: 'replace', path: 'emails[type eq "home"].value', value: 'x' })).toThrow(expect.objectContaining({ scimType: 'noTarget' }));
  });

  it('leaves the representation untouched (a copy is patched) and refuses malformed messages', () => {
    patch({ op: 'replace', path: 'userName', value: 'bob' });
    expect(user.userName).toBe('ana');
    expect(() => applyPatch(user, { Operations: [] })).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
    expect(() => patch({ op: 'remove' })).toThrow(expect.objectContaining({ scimType: 'noTarget' }));
    expect(() => patch({ op: 'add', path: 'urn:other:schema:x', value: 1 })).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
  const user = { schemas: ['s'], id: '1', userName: 'ana', name: { givenName: 'Ana', familyName: 'D' }, meta: { version: 'v' }, [SCIM_SCHEMAS.sesameUser]: { profile: 'student', classes: [] } };
  it('keeps id and schemas, and what is asked, down to sub-attributes and extensions', () => {
    expect(projected(user, 'User', ['name.familyName'], [])).toEqual({ schemas: ['s'], id: '1', name: { familyName: 'D' } });
    expect(projected(user, 'User', [`${SCIM_SCHEMAS.sesameUser}:profile`], [])).toEqual({ schemas: ['s'], id: '1', [SCIM_SCHEMAS.sesameUser]: { profile: 'student' } });
    expect(projected(user, 'User', [], ['meta', 'id', 'name.givenName'])).toEqual({ schemas: ['s'], id: '1', userName: 'ana', name: { familyName: 'D' }, [SCIM_SCHEMAS.sesameUser]: user[SCIM_SCHEMAS.sesameUser] });
  });
});
