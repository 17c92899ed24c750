import {
  addFiles,
  categoryCounts,
  changeFields,
  confirmBlock,
  feedIsActive,
  feedErrorSentence,
  feedState,
  filesSummary,
  formatValue,
  heldConfirmations,
  percent,
  reasonProblem,
  totalChanges,
  uploadProblem,
} from './feed-state';

const school = (uai: string, held = false) => ({ uai, name: `Collège ${uai}`, accounts: 100, counts: { leaver: held ? 20 : 1 }, leaversPercent: held ? 20 : 1, held });

const feed = (over: object = {}) => ({
  status: 'ready' as const,
  records: 1200,
  totals: { new: 3, leaver: 21, names: 1 },
  schools: [school('0750001A'), school('0750002B', true)],
  confirmedAt: null,
  error: null,
  ...over,
});

describe('feedState: where a feed stands', () => {
  it.each([
    [{ status: 'reading', records: 40 }, 'reading', { smart_count: 40 }],
    [{ status: 'diffing' }, 'diffing', { smart_count: 1200 }],
    [{}, 'readyHeld', { smart_count: 25, held: 1 }],
    [{ schools: [school('0750001A')] }, 'ready', { smart_count: 25 }],
    [{ totals: {}, schools: [] }, 'unchanged', { smart_count: 1200 }],
    [{ status: 'applying' }, 'applying', { smart_count: 25 }],
    [{ status: 'applied' }, 'applied', { smart_count: 25 }],
    [{ status: 'failed', error: { code: 'xml.truncated', file: 'a.xml' } }, 'failedFiles', {}],
    [{ status: 'failed' }, 'failedApply', {}],
  ])('%o → %s', (over, key, args) => {
    expect(feedState(feed(over))).toEqual({ key, args });
  });

  it('asks for news while reading, comparing or applying, not once settled', () => {
    expect(['reading', 'diffing', 'applying'].map((status) => feedIsActive({ status } as never))).toEqual([true, true, true]);
    expect(['ready', 'applied', 'failed'].map((status) => feedIsActive({ status } as never))).toEqual([false, false, false]);
    expect(feedIsActive(undefined)).toBe(false);
  });
});

describe('counts', () => {
  it('adds every category, and lists them all in the diff’s order with 0 for those absent', () => {
    expect(totalChanges({ new: 2, links_added: 5 })).toBe(7);
    expect(totalChanges(undefined)).toBe(0);
    const listed = categoryCounts({ leaver: 4 });
    expect(listed.map((entry) => entry.category)).toEqual(['new', 'names', 'contacts', 'moved', 'profile', 'links_added', 'links_removed', 'leaver', 'returner']);
    expect(listed.find((entry) => entry.category === 'leaver')?.count).toBe(4);
    expect(listed.find((entry) => entry.category === 'new')?.count).toBe(0);
  });
});

describe('confirmBlock: why « Confirmer » is disabled', () => {
  it.each([
    [{}, null],
    [{ status: 'reading' }, 'waiting'],
    [{ status: 'diffing' }, 'waiting'],
    [{ status: 'failed' }, 'failed'],
    [{ totals: { new: 0 } }, 'nothing'],
    [{ status: 'applying' }, 'confirmed'],
    [{ status: 'applied' }, 'confirmed'],
    [{ confirmedAt: '2026-09-01T08:00:00Z' }, 'confirmed'],
  ])('%o → %s', (over, reason) => {
    expect(confirmBlock(feed(over))).toBe(reason);
  });
});

describe('the held schools’ second confirmation', () => {
  it('wants at least ten characters, spaces around not counted, and at most 500', () => {
    expect(reasonProblem(undefined)).toBe('tooShort');
    expect(reasonProblem('  fermeture ')).toBe('tooShort');
    expect(reasonProblem('fermeture de classes')).toBeNull();
    expect(reasonProblem('x'.repeat(501))).toBe('tooLong');
  });

  it('sends every held school explicitly confirmed with its trimmed reason, and names those missing', () => {
    const schools = [school('0750001A'), school('0750002B', true), school('0750003C', true)];
    expect(heldConfirmations(schools, {})).toEqual({ held: [], missing: ['0750002B', '0750003C'] });
    const answers = {
      '0750002B': { confirmed: true, reason: '  Fermeture de la section. ' },
      '0750003C': { confirmed: false, reason: 'Départ en lycée de toute la 3e.' },
    };
    expect(heldConfirmations(schools, answers)).toEqual({ held: [{ uai: '0750002B', reason: 'Fermeture de la section.' }], missing: ['0750003C'] });
    expect(heldConfirmations(schools, { ...answers, '0750003C': { confirmed: true, reason: 'court' } }).missing).toEqual(['0750003C']);
    expect(heldConfirmations(schools, { ...answers, '0750003C': { confirmed: true, reason: 'Départ en lycée de toute la 3e.' } })).toEqual({
      held: [
        { uai: '0750002B', reason: 'Fermeture de la section.' },
        { uai: '0750003C', reason: 'Départ en lycée de toute la 3e.' },
      ],
      missing: [],
    });
  });

  it('says a share in each language', () => {
    expect(percent(12.5, 'fr')).toBe('12,5\u202f%');
    expect(percent(12.5, 'en')).toBe('12.5%');
    expect(percent(5, 'fr')).toBe('5\u202f%');
  });
});

describe('a change as before → after', () => {
  it('writes nothing, lists, classes and schools as people read them', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue([])).toBe('—');
    expect(formatValue(['0750001A', '0750002B'])).toBe('0750001A, 0750002B');
    expect(formatValue([{ uai: '0750001A', name: '4e B' }])).toBe('4e B (0750001A)');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(false, { yes: 'oui', no: 'non' })).toBe('non');
    expect(formatValue(['0750001U|2NDE1', '0750001U|4e B'])).toBe('2NDE1 (0750001U), 4e B (0750001U)');
  });

  it('orders the fields, names first, with « — » on the side where a field is absent', () => {
    const fields = changeFields({ before: { email: 'a@ac.fr', lastName: 'Martin' }, after: { lastName: 'Martin-Durand', firstName: 'Léa', email: null } });
    expect(fields).toEqual([
      { field: 'lastName', before: 'Martin', after: 'Martin-Durand' },
      { field: 'firstName', before: '—', after: 'Léa' },
      { field: 'email', before: 'a@ac.fr', after: '—' },
    ]);
    expect(changeFields({ before: null, after: null })).toEqual([]);
    expect(changeFields({ before: { lastName: 'Lenoir', firstName: 'Zoé' }, after: { lastName: 'Lenoir-Dubois', firstName: 'Zoé' } })).toEqual([
      { field: 'lastName', before: 'Lenoir', after: 'Lenoir-Dubois' },
    ]);
  });

  it('hides identity’s bookkeeping (an id, the apply’s instruction) and lets the page write values', () => {
    const leaver = changeFields({ before: { deactivated: false }, after: { deactivated: true, deactivate: true, exitDate: '2026-07-04' } }, (_field, value) =>
      formatValue(value, { yes: 'oui', no: 'non' }),
    );
    expect(leaver).toEqual([
      { field: 'exitDate', before: '—', after: '2026-07-04' },
      { field: 'deactivated', before: 'non', after: 'oui' },
    ]);
    const link = changeFields({ before: null, after: { relativeKey: '2001', relativeId: '9c1e…', relativeLastName: 'Lenoir', relativeFirstName: 'Anne' } });
    expect(link.map((entry) => entry.field)).toEqual(['relativeLastName', 'relativeFirstName', 'relativeKey']);
  });
});

describe('the upload form', () => {
  it('wants the manager for AAF, a school for an export, and files', () => {
    expect(uploadProblem({ kind: 'aaf', files: [1] }, 'administrator')).toBe('aafManagerOnly');
    expect(uploadProblem({ kind: 'aaf', files: [1] }, 'manager')).toBeNull();
    expect(uploadProblem({ kind: 'school', files: [1] }, 'administrator')).toBe('uai');
    expect(uploadProblem({ kind: 'school', uai: '0750001A', files: [] }, 'administrator')).toBe('files');
    expect(uploadProblem({ kind: 'school', uai: '0750001A', files: [1] }, 'administrator')).toBeNull();
  });

  it('adds files to the selection, a file chosen again replacing itself', () => {
    const a = { name: 'Eleve_0000.xml', size: 10 };
    const b = { name: 'PersRelEleve_0000.xml', size: 20 };
    expect(addFiles([a], [b, { ...a }])).toEqual([a, b]);
    expect(addFiles([a], [{ name: a.name, size: 11 }])).toHaveLength(2);
  });

  it('names the first files and counts the others', () => {
    expect(filesSummary(['a', 'b', 'c', 'd', 'e'])).toEqual({ names: ['a', 'b', 'c'], more: 2 });
    expect(filesSummary(['a'])).toEqual({ names: ['a'], more: 0 });
  });
});

describe('feedErrorSentence: the refusal of the files, naming file, record and field', () => {
  const wrongUai = { code: 'file.wrong_uai', file: 'ElevesSansAdresses.xml', field: 'PARAMETRES/UAJ', params: { value: '0750002V', expected: '0750001U' } };
  it('takes the gateway’s sentence when there is one', () => {
    expect(feedErrorSentence({ ...wrongUai, message: 'Refusé.' }, 'fr')).toBe('Refusé.');
  });

  it('says it in libs/feeds’ words otherwise, in each language', () => {
    expect(feedErrorSentence(wrongUai, 'fr')).toBe(
      'Fichier « ElevesSansAdresses.xml », champ « PARAMETRES/UAJ » : Ce fichier est celui de l’établissement 0750002V, et non de l’établissement 0750001U : il est refusé.',
    );
    expect(feedErrorSentence({ code: 'date.malformed', file: 'Eleve_0000.xml', record: 'Eleve 1002', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' } }, 'en')).toBe(
      'File “Eleve_0000.xml”, Eleve 1002, field “ENTPersonDateNaissance”: “31/02/2012” is not a date: write dd/mm/yyyy, for example 14/07/2012.',
    );
  });

  it('leaves an unknown code to the console’s own sentence', () => {
    expect(feedErrorSentence({ code: 'apply.crashed', file: '' }, 'fr')).toBeNull();
  });
});
