import { templateColumns, templateCsv, templateFileName } from './template';

describe('the CSV templates of the import page', () => {
  it('are the importer’s header, members with their columns, staff with Collaborate’s seven', () => {
    expect(templateCsv('members')).toBe('\ufeffuserName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId\r\n');
    expect(templateCsv('staff')).toBe('\ufeffuserName;firstName;lastName;displayName;password;email;role\r\n');
    expect(templateColumns('staff')).toHaveLength(7);
  });

  it('are named in the user’s language', () => {
    expect(templateFileName('members', 'fr')).toBe('modele-usagers.csv');
    expect(templateFileName('staff', 'en')).toBe('template-staff.csv');
  });
});
