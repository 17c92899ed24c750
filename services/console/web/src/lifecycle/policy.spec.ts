import { delayOf, entriesOf, errorsByProfile, noticeOf, rowProblems, rowTotal, rowsOf } from './policy';

const entry = (profile: 'student' | 'relative' | 'teacher' | 'personnel' | 'guest', days = [15, 30, 30], noticeDays = 7) => ({
  profile,
  tolerationDays: days[0],
  deactivationDays: days[1],
  preDeletionDays: days[2],
  noticeDays,
});

describe('the policy page’s rows', () => {
  it('come in the console’s order of profiles, the delays and the notice as typed', () => {
    const rows = rowsOf([entry('relative'), entry('guest'), entry('student', [10, 20, 30], 5), entry('personnel'), entry('teacher')]);
    expect(rows.map((row) => row.profile)).toEqual(['student', 'teacher', 'guest', 'relative', 'personnel']);
    expect(rows[0]).toEqual({ profile: 'student', tolerationDays: '10', deactivationDays: '20', preDeletionDays: '30', noticeDays: '5' });
  });

  it('read whole numbers of days only', () => {
    expect(delayOf('40')).toBe(40);
    expect(delayOf(' 0 ')).toBe(0);
    expect(delayOf('')).toBeUndefined();
    expect(delayOf('-1')).toBeUndefined();
    expect(delayOf('1.5')).toBeUndefined();
    expect(delayOf('1e2')).toBeUndefined();
  });

  it('read a notice of 0 to 30 days only', () => {
    expect(noticeOf('0')).toBe(0);
    expect(noticeOf('30')).toBe(30);
    expect(noticeOf('31')).toBeUndefined();
    expect(noticeOf('-1')).toBeUndefined();
    expect(noticeOf('')).toBeUndefined();
  });

  it('add up to the days from departure to deletion, without the notice', () => {
    expect(rowTotal({ profile: 'student', tolerationDays: '40', deactivationDays: '40', preDeletionDays: '40', noticeDays: '30' })).toBe(120);
    expect(rowTotal({ profile: 'student', tolerationDays: '40', deactivationDays: '', preDeletionDays: '40', noticeDays: '7' })).toBeUndefined();
  });

  it('say what keeps them from being sent: a delay that is not a number, a notice outside 0–30 days', () => {
    const [row] = rowsOf([entry('student')]);
    expect(rowProblems(row)).toEqual([]);
    expect(rowProblems({ ...row, deactivationDays: 'x' })).toEqual(['notANumber']);
    expect(rowProblems({ ...row, noticeDays: '31' })).toEqual(['noticeOutOfRange']);
    expect(rowProblems({ ...row, tolerationDays: '', noticeDays: '' })).toEqual(['notANumber', 'noticeOutOfRange']);
  });

  it('are sent with every profile and its notice, once every row is right', () => {
    const rows = rowsOf([entry('student', [15, 30, 30], 5), entry('teacher')]);
    expect(entriesOf(rows)).toEqual([entry('student', [15, 30, 30], 5), entry('teacher')]);
    expect(entriesOf([{ ...rows[0], preDeletionDays: 'x' }, rows[1]])).toBeNull();
    expect(entriesOf([rows[0], { ...rows[1], noticeDays: '45' }])).toBeNull();
  });
});

describe('a refusal of the policy', () => {
  it('puts each field error on the row of the profile sent at its index, and the rest above the table', () => {
    const sent = [entry('student'), entry('teacher'), entry('guest')];
    const errors = [
      { field: 'profiles.1.preDeletionDays', message: 'Du départ à la suppression, les délais totalisent 120 jours.' },
      { field: 'profiles.7.tolerationDays', message: 'Un délai est un nombre entier de jours.' },
      { field: 'profiles', message: 'Au moins un profil.' },
    ];
    expect(errorsByProfile(errors, sent)).toEqual({
      rows: { teacher: ['Du départ à la suppression, les délais totalisent 120 jours.'] },
      other: ['Un délai est un nombre entier de jours.', 'Au moins un profil.'],
    });
  });
});
