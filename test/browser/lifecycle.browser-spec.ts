import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { headingIs, sees, signIn, tabTo, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

const DAY_MS = 86_400_000;

/** A date as the console shows it: dd/mm/yyyy, in Paris. */
const shown = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

/** The day `daysFromNow` days away, as typed in a date field (dd/mm/yyyy, in Paris). */
const typed = (daysFromNow: number) => shown(new Date(Date.now() + daysFromNow * DAY_MS).toISOString());

/**
 * The leavers' calendar (issue 16) in Chromium against the gateway, identity and the console: the
 * manager sets a profile's delays (refused past the legal limit, with the law's sentence, then
 * saved) and its notice; an administrator reads a student's dates on the account's page, records the
 * student's departure on a past day and cancels it; the manager simulates a departure of a school's
 * students and reads the notices a leaver was sent; a supervisor reads the delays without changing them.
 */
describe('console: the leavers’ calendar (browser)', () => {
  const suite = browserSuite(__filename);
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });
  const delay = (page: Page, profile: string, name: string) => page.getByRole('spinbutton', { name: `${profile} : ${name}, en jours` });
  const studentRow = (page: Page) => page.locator('tr[data-profile="student"]');

  /** The student's delays as the API has them. */
  const studentPolicy = async () => {
    const policy = (await suite.d.asManager.get('/api/v1/lifecycle/policy')).body as { profiles: Array<{ profile: string }> };
    return policy.profiles.find((entry) => entry.profile === 'student');
  };

  async function setStudentDelays(page: Page, days: [number, number, number]) {
    await delay(page, 'Élève', 'tolérance').fill(String(days[0]));
    await delay(page, 'Élève', 'désactivation').fill(String(days[1]));
    await delay(page, 'Élève', 'pré-suppression').fill(String(days[2]));
  }

  it('the manager sets the students’ delays: refused past 89 days with the law’s sentence, then saved within it', async () => {
    const page = await suite.open('manager-policy');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await menu(page).getByRole('menuitem', { name: 'Calendrier des départs' }).click();
    await headingIs(page, 'Calendrier des départs');
    expect(suite.visit.path()).toBe('/lifecycle');
    await page.getByRole('heading', { level: 2, name: 'Les délais, profil par profil' }).waitFor();
    await sees(
      page,
      'L’arrêté du 30 novembre 2006 (article 6) veut les données d’un compte d’ENT supprimées dans les trois mois qui suivent le départ de son titulaire : du départ à la suppression, les trois délais d’un profil totalisent donc 89 jours au plus, quel que soit le jour du départ.',
    );
    // One row per profile, named as elsewhere in the console, with the installation's delays.
    const table = page.getByRole('table', { name: 'Délais du calendrier des départs, en jours, pour chaque profil.' });
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual(['Élève', 'Enseignant', 'Invité', 'Parent', 'Personnel']);
    expect(await delay(page, 'Élève', 'tolérance').inputValue()).toBe('15');
    expect(await studentRow(page).innerText()).toContain('75 jours');
    // The fields are reached with the keyboard, each named by its profile and its delay.
    await delay(page, 'Personnel', 'pré-suppression').waitFor();
    await tabTo(page, 'Élève : tolérance, en jours');
    await suite.visit.shot('policy');

    // 40 + 40 + 40 = 120 days: flagged as it is typed, then refused by the API with the legal reason.
    await setStudentDelays(page, [40, 40, 40]);
    await sees(page, '120 jours : c’est plus que les 89 jours permis par la loi.');
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    const refusal =
      'Du départ à la suppression, les délais totalisent 120 jours : l’arrêté du 30 novembre 2006 (article 6) veut les données supprimées dans les trois mois, soit 89 jours au plus quel que soit le jour du départ.';
    await sees(page, refusal);
    // The sentence is the student row's, and its fields point to it.
    const described = await delay(page, 'Élève', 'pré-suppression').getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).innerText()).toBe(refusal);
    expect(await delay(page, 'Élève', 'pré-suppression').getAttribute('aria-invalid')).toBe('true');
    expect(await studentPolicy()).toEqual({ profile: 'student', tolerationDays: 15, deactivationDays: 30, preDeletionDays: 30, noticeDays: 7 });
    await suite.visit.shot('refused');

    // 10 + 20 + 30 = 60 days: saved.
    await setStudentDelays(page, [10, 20, 30]);
    // Typing again takes the refusal away.
    expect(await page.getByText(refusal, { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await sees(page, 'Le calendrier des départs est enregistré ; les départs déjà enregistrés suivent les nouveaux délais à partir de leur date de départ.');
    expect(await studentRow(page).innerText()).toContain('60 jours');
    await page.getByText(/^Dernière modification le \d\d\/\d\d\/\d{4}\.$/).waitFor();
    expect(await studentPolicy()).toEqual({ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 7 });
    await suite.visit.shot('saved');

    // The notice: not one of the delays (the total stays), 0 to 30 days, refused past that before anything is sent.
    await sees(
      page,
      'Le préavis : un usager qui part et qui a une adresse électronique reçoit un avis par courriel, dans sa langue, ce nombre de jours avant la désactivation de son compte, puis autant de jours avant sa suppression. Le préavis ne compte pas dans le total des délais.',
    );
    expect(await delay(page, 'Élève', 'préavis').inputValue()).toBe('7');
    await delay(page, 'Élève', 'préavis').fill('31');
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await sees(page, 'Saisissez le préavis en nombre entier de jours, de 0 à 30.');
    expect(await delay(page, 'Élève', 'préavis').getAttribute('aria-invalid')).toBe('true');
    expect((await studentPolicy()) as unknown).toMatchObject({ noticeDays: 7 });
    await delay(page, 'Élève', 'préavis').fill('5');
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await sees(page, 'Le calendrier des départs est enregistré ; les départs déjà enregistrés suivent les nouveaux délais à partir de leur date de départ.');
    expect(await studentRow(page).innerText()).toContain('60 jours');
    await until(studentPolicy, (policy) => (policy as { noticeDays?: number } | undefined)?.noticeDays === 5, 'the notice saved');
    await page.reload();
    await studentRow(page).waitFor();
    expect(await delay(page, 'Élève', 'préavis').inputValue()).toBe('5');
    await suite.visit.shot('notice-saved');
  });

  it('the manager simulates the departure of school A’s students on a day to come, then of all its accounts', async () => {
    const set = await suite.d.asManager.put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30 }] });
    expect(set.status).toBe(200);
    const school = suite.d.schoolA;
    const leftOn = typed(30);
    const [day, month, year] = leftOn.split('/');
    // Late morning in Paris, as the console sends the day (its noon there).
    const leftAt = `${year}-${month}-${day}T10:00:00Z`;
    const simulated = async (filter: object) => {
      const answer = await suite.d.asManager.post('/api/v1/lifecycle/simulate', { filter, leftAt });
      expect(answer.status).toBe(200);
      return answer.body as { total: number; outside: number; groups: Array<{ count: number }> };
    };
    const students = await simulated({ schoolId: school.id, profiles: ['student'] });
    expect(students.total).toBeGreaterThan(0);
    expect(students.groups).toHaveLength(1);

    const page = await suite.open('manager-simulator');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await suite.visit.goto('/lifecycle');
    await page.getByRole('heading', { level: 2, name: 'Simulateur' }).waitFor();
    await sees(page, 'Pour n’importe quelle sélection, voyez quand ses comptes seraient désactivés et supprimés.');
    await page.getByRole('combobox', { name: 'Établissement', exact: true }).click();
    // The manager may also choose the whole académie (the empty choice).
    await page.getByRole('listbox').getByText('Toute l’académie', { exact: true }).waitFor();
    await page.getByRole('option', { name: `${school.name} (${school.uai})` }).click();
    await page.getByLabel(/^Profils/).click();
    await page.getByRole('option', { name: 'Élève' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Date du départ' }).fill(leftOn);
    await page.getByRole('button', { name: 'Simuler' }).click();

    // 10 days of toleration, then 20 + 30 to deletion.
    const n = students.total;
    await sees(page, n === 1 ? '1 compte dans cette sélection.' : `${n} comptes dans cette sélection.`);
    await sees(
      page,
      n === 1
        ? `1 compte partirait le ${leftOn} : il serait désactivé le ${typed(40)} et supprimé le ${typed(90)}.`
        : `${n} comptes partiraient le ${leftOn} : ils seraient désactivés le ${typed(40)} et supprimés le ${typed(90)}.`,
    );
    const table = page.getByRole('table', { name: 'Dates de désactivation et de suppression des comptes de la sélection, par profil et par situation.' });
    const cells = (row: number) => table.getByRole('row').nth(row).getByRole('cell').allInnerTexts();
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual(['Élève']);
    expect(await cells(1)).toEqual(['Actif — départ simulé', String(n), typed(40), typed(90)]);
    await suite.visit.shot('simulated');

    // Every profile: the school's staff are said apart.
    const all = await simulated({ schoolId: school.id });
    expect(all.outside).toBeGreaterThan(0);
    await page.locator('.MuiChip-root').filter({ hasText: 'Élève' }).locator('.MuiChip-deleteIcon').click();
    await page.getByRole('button', { name: 'Simuler' }).click();
    await sees(page, `${all.total} comptes dans cette sélection.`);
    await sees(page, all.outside === 1 ? '1 compte du personnel ne suit pas le calendrier.' : `${all.outside} comptes du personnel ne suivent pas le calendrier.`);
    await suite.visit.shot('simulated-with-staff');
  });

  it('the manager reads on a leaver’s page the notices it was sent', async () => {
    // Left yesterday: deactivated in 9 days, its first notice due in 4 (no run of the calendar will have queued it).
    const set = await suite.d.asManager.put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 5 }] });
    expect(set.status).toBe(200);
    const student = await suite.d.student(suite.d.schoolB, { email: 'depart@ac-test.fr' });
    const left = await suite.d.asManager.post(`/api/v1/users/${student.id}/depart`, { leftAt: new Date(Date.now() - DAY_MS).toISOString() });
    expect(left.status).toBe(200);
    const { deactivateOn, deleteOn } = left.body.dates as { deactivateOn: string; deleteOn: string };
    // As the lifecycle run and mailmerge would have left them: the deactivation notice sent, the deletion's refused.
    const sentAt = new Date();
    await suite.stack.identityDb
      .insertInto('lifecycle_notices')
      .values([
        { account_id: student.id, kind: 'deactivation', due_on: new Date(deactivateOn), queued_at: sentAt, sent_at: sentAt, outcome: 'sent' },
        { account_id: student.id, kind: 'deletion', due_on: new Date(deleteOn), queued_at: new Date(), sent_at: new Date(), outcome: 'refused' },
      ])
      .execute();

    const page = await suite.open('manager-notices');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await suite.visit.goto(`/users/${student.id}/show`);
    await page.getByRole('heading', { level: 3, name: 'Calendrier des départs' }).waitFor();
    const notices = page.getByRole('list', { name: 'Avis envoyés à l’usager' });
    await notices.waitFor();
    expect(await notices.getByRole('listitem').allInnerTexts()).toEqual([
      `Avis de désactivation (prévue le ${shown(deactivateOn)}) envoyé le ${shown(sentAt.toISOString())}.`,
      `Avis de suppression (prévue le ${shown(deleteOn)}) refusé par le serveur de messagerie.`,
    ]);
    await suite.visit.shot('notices');
  });

  it('an administrator reads a student’s dates, records the student’s departure on a past day, then cancels it', async () => {
    // The students' delays of the first journey, whatever order the tests run in.
    const set = await suite.d.asManager.put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30 }] });
    expect(set.status).toBe(200);
    const student = suite.d.memberA;
    const name = `${student.displayName} (${student.username})`;
    const asAdministrator = suite.stack.api.as(suite.d.tokens.administrator);
    const calendar = async () => (await asAdministrator.get(`/api/v1/users/${student.id}/lifecycle`)).body;

    const page = await suite.open('administrator-departure');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await suite.visit.goto(`/users/${student.id}/show`);
    await headingIs(page, name);
    await page.getByRole('heading', { level: 3, name: 'Calendrier des départs' }).waitFor();
    const hypothetical = await calendar();
    expect(hypothetical.hypothetical).toBe(true);
    expect(new Date(hypothetical.dates.deleteOn).getTime() - new Date(hypothetical.dates.deactivateOn).getTime()).toBe(50 * DAY_MS);
    await sees(page, `Si ce compte partait aujourd’hui, il serait désactivé le ${shown(hypothetical.dates.deactivateOn)} et supprimé le ${shown(hypothetical.dates.deleteOn)}.`);
    expect(await page.getByRole('button', { name: 'Annuler le départ' }).count()).toBe(0);
    await suite.visit.shot('hypothetical');

    // The dialog: today by default; a day to come is refused on the field.
    await page.getByRole('button', { name: 'Enregistrer un départ' }).click();
    const dialog = page.getByRole('dialog', { name: `Enregistrer le départ de ${name} ?` });
    const day = dialog.getByRole('textbox', { name: 'Date du départ' });
    expect(await day.inputValue()).toBe(typed(0));
    await day.fill(typed(1));
    await dialog.getByRole('button', { name: 'Oui, enregistrer le départ' }).click();
    await dialog.getByText('La date du départ ne peut pas être dans le futur : enregistrez le départ le jour venu.').waitFor();
    expect((await calendar()).leftAt).toBeNull();

    // Five days ago, from the school's records.
    const leftOn = typed(-5);
    await day.fill(leftOn);
    await until(() => page.evaluate<string>("getComputedStyle(document.querySelector('.MuiDialog-container')).opacity"), (opacity) => opacity === '1', 'the dialog to be drawn');
    await suite.visit.shot('departure-dialog');
    await dialog.getByRole('button', { name: 'Oui, enregistrer le départ' }).click();
    const left = await until(calendar, (answer) => answer.leftAt !== null, 'the departure recorded');
    expect(left).toMatchObject({ step: 'leaving', hypothetical: false });
    expect(shown(left.leftAt)).toBe(leftOn);
    const { deactivateOn, preDeleteOn, deleteOn } = left.dates;
    await sees(page, `Le départ de ${name} est enregistré : son compte sera désactivé le ${shown(deactivateOn)} et supprimé le ${shown(deleteOn)}.`);
    await sees(
      page,
      `Départ enregistré le ${leftOn}. Le compte reste actif jusqu’au ${shown(deactivateOn)} ; il sera désactivé le ${shown(deactivateOn)}, pré-supprimé le ${shown(preDeleteOn)} et supprimé le ${shown(deleteOn)}.`,
    );
    expect(shown(deactivateOn)).toBe(typed(5));
    expect(shown(deleteOn)).toBe(typed(55));
    expect(await page.getByRole('button', { name: 'Enregistrer un départ' }).count()).toBe(0);
    await suite.visit.shot('departure-recorded');

    // The return: the departure forgotten, the account as it was.
    await page.getByRole('button', { name: 'Annuler le départ' }).click();
    const confirm = page.getByRole('dialog', { name: `Annuler le départ de ${name} ?` });
    await confirm.getByText('Le départ sera oublié : le compte reste actif, avec le même identifiant et le même mot de passe, et il ne sera ni désactivé ni supprimé.').waitFor();
    await confirm.getByRole('button', { name: 'Oui, annuler le départ' }).click();
    await sees(page, `Le départ de ${name} est annulé : son compte est actif, avec le même identifiant et le même mot de passe.`);
    await page.getByText(/^Si ce compte partait aujourd’hui, il serait désactivé le \d\d\/\d\d\/\d{4} et supprimé le \d\d\/\d\d\/\d{4}\.$/).waitFor();
    expect(await calendar()).toMatchObject({ step: 'active', leftAt: null, hypothetical: true });
    expect((await asAdministrator.get(`/api/v1/users/${student.id}`)).body.leftAt).toBeNull();
    await page.getByRole('button', { name: 'Enregistrer un départ' }).waitFor();
    await suite.visit.shot('departure-cancelled');
  });

  it('a supervisor reads the delays and a student’s dates, with nothing to change, in French and in English', async () => {
    const page = await suite.open('supervisor-read-only');
    await signIn(suite.visit, suite.d.supervisorA.username, PASSWORD);
    await menu(page).getByRole('menuitem', { name: 'Calendrier des départs' }).click();
    await headingIs(page, 'Calendrier des départs');
    await sees(page, 'Seul le gestionnaire de l’académie peut modifier ces délais.');
    await studentRow(page).waitFor();
    expect(await page.getByRole('spinbutton').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Enregistrer le calendrier' }).count()).toBe(0);
    await suite.visit.shot('policy-read-only');

    await suite.visit.goto(`/users/${suite.d.memberA.id}/show`);
    await page.getByText(/^Si ce compte partait aujourd’hui, il serait désactivé le \d\d\/\d\d\/\d{4} et supprimé le \d\d\/\d\d\/\d{4}\.$/).waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer un départ' }).count()).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText(/^If this account left today, it would be deactivated on \d\d\/\d\d\/\d{4} and deleted on \d\d\/\d\d\/\d{4}\.$/).waitFor();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('menuitem', { name: 'Leavers’ calendar' }).click();
    await headingIs(page, 'Leavers’ calendar');
    await sees(page, 'Only the académie’s manager can change these delays.');
    expect(await page.getByRole('table', { name: 'Delays of the leavers’ calendar, in days, for each profile.' }).getByRole('rowheader').allInnerTexts()).toEqual([
      'Student',
      'Teacher',
      'Guest',
      'Parent',
      'Staff',
    ]);
    await suite.visit.shot('policy-in-english');
  });
});
