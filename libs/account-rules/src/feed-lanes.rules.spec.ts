import { feedOwnedFields, feedOwnedIssues, isFeedSource } from './feed-lanes.rules';

describe('feed lanes', () => {
  it('knows the feeds’ sources, and nothing else', () => {
    expect(isFeedSource('aaf')).toBe(true);
    expect(isFeedSource('siecle')).toBe(true);
    expect(isFeedSource('import')).toBe(false);
    expect(isFeedSource('manual')).toBe(false);
    expect(isFeedSource(null)).toBe(false);
  });

  it('owns names, profile, schools, classes and the key; contacts only when the feed provided them', () => {
    expect(feedOwnedFields({ source: 'import', feedFields: null })).toEqual([]);
    expect(feedOwnedFields({ source: 'aaf', feedFields: null })).not.toContain('email');
    expect(feedOwnedFields({ source: 'aaf', feedFields: ['email'] })).toContain('email');
    expect(feedOwnedFields({ source: 'aaf', feedFields: ['email'] })).not.toContain('mobile');
  });

  it('refuses each owned field an edit would change, naming the source', () => {
    const issues = feedOwnedIssues({ source: 'siecle', feedFields: [] }, ['lastName', 'displayName', 'email', 'schoolIds'], 'patch.');
    expect(issues).toEqual([
      { field: 'patch.lastName', code: 'field.feed_owned', params: { source: 'siecle' } },
      { field: 'patch.schoolIds', code: 'field.feed_owned', params: { source: 'siecle' } },
    ]);
    expect(feedOwnedIssues({ source: 'manual', feedFields: null }, ['lastName'])).toEqual([]);
  });
});
