import frenchMessages from 'ra-language-french';

/** Every text of the console in French (the default), as complete sentences. */
export const fr = {
  ...frenchMessages,
  sesame: {
    title: 'Sesame — comptes de l’académie',
    home: {
      welcome: 'Bonjour %{name}.',
      role: {
        manager: 'Vous êtes le gestionnaire de l’académie.',
        administrator: 'Vous êtes administrateur de vos établissements.',
        supervisor: 'Vous êtes superviseur : vous consultez les comptes des établissements de votre administrateur.',
        member: 'Vous êtes connecté à votre compte personnel.',
      },
      can: 'Vous pouvez :',
      abilities: {
        createAdministrators: 'créer et gérer les administrateurs des établissements ;',
        createSupervisors: 'créer des superviseurs et les gérer ;',
        manageMembers: 'créer, modifier et désactiver les comptes des usagers ;',
        reactivate: 'réactiver les comptes désactivés ;',
        import: 'importer des comptes depuis un fichier CSV ;',
        distribute: 'distribuer les identifiants par courrier (PDF) ou par e-mail ;',
        reports: 'consulter les rapports d’activation ;',
        readMembers: 'consulter la liste des comptes et préparer leur distribution ;',
        profile: 'modifier votre nom affiché, votre adresse e-mail et votre mot de passe.',
      },
    },
  },
};
