import englishMessages from 'ra-language-english';
import type { fr } from './fr';

/** The console in English; same keys as the French catalogue. */
export const en: typeof fr = {
  ...englishMessages,
  sesame: {
    title: 'Sesame — académie accounts',
    home: {
      welcome: 'Hello %{name}.',
      role: {
        manager: 'You are the académie’s manager.',
        administrator: 'You administer your schools.',
        supervisor: 'You are a supervisor: you read the accounts of your administrator’s schools.',
        member: 'You are signed in to your own account.',
      },
      can: 'You can:',
      abilities: {
        createAdministrators: 'create and manage the schools’ administrators;',
        createSupervisors: 'create supervisors and manage them;',
        manageMembers: 'create, edit and deactivate members’ accounts;',
        reactivate: 'reactivate deactivated accounts;',
        import: 'import accounts from a CSV file;',
        distribute: 'hand out logins by letter (PDF) or email;',
        reports: 'read the activation reports;',
        readMembers: 'read the list of accounts and prepare their distribution;',
        profile: 'change your display name, your email address and your password.',
      },
    },
  },
} as typeof fr;
