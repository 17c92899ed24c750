/**
 * The French sentences of the leavers' calendar (`sesame.lifecycle`, a part of fr.ts kept apart):
 * the policy page and the block of an account's page. Messages are complete sentences; labels
 * (columns, buttons, fields) are short names.
 */
export const frLifecycle = {
  policy: {
    heading: 'Les délais, profil par profil',
    law: 'L’arrêté du 30 novembre 2006 (article 6) veut les données d’un compte d’ENT supprimées dans les trois mois qui suivent le départ de son titulaire : du départ à la suppression, les trois délais d’un profil totalisent donc %{maximum} jours au plus, quel que soit le jour du départ.',
    steps:
      'Un usager qui part garde son compte actif pendant la tolérance, et il est signalé comme partant ; son compte est ensuite désactivé, puis pré-supprimé (il reste restaurable), puis supprimé, chaque étape à sa date.',
    notices:
      'Le préavis : un usager qui part et qui a une adresse électronique reçoit un avis par courriel, dans sa langue, ce nombre de jours avant la désactivation de son compte, puis autant de jours avant sa suppression. Le préavis ne compte pas dans le total des délais.',
    managerHelp: 'Un changement s’applique aussi aux départs déjà enregistrés, à partir de leur date de départ. Les comptes des administrateurs et des superviseurs ne suivent pas ce calendrier.',
    readOnly: 'Seul le gestionnaire de l’académie peut modifier ces délais.',
    updatedAt: 'Dernière modification le %{date}.',
    neverUpdated: 'Ces délais sont ceux de l’installation : ils n’ont encore jamais été modifiés.',
    caption: 'Délais du calendrier des départs, en jours, pour chaque profil.',
    columns: { profile: 'Profil', tolerationDays: 'Tolérance (jours)', deactivationDays: 'Désactivation (jours)', preDeletionDays: 'Pré-suppression (jours)', noticeDays: 'Préavis (jours)', total: 'Du départ à la suppression' },
    delays: { tolerationDays: 'tolérance', deactivationDays: 'désactivation', preDeletionDays: 'pré-suppression', noticeDays: 'préavis' },
    input: '%{profile} : %{delay}, en jours',
    total: '%{smart_count} jour |||| %{smart_count} jours',
    overLimit: '%{total} jours : c’est plus que les %{maximum} jours permis par la loi.',
    notANumber: 'Saisissez chaque délai en nombre entier de jours, zéro ou plus.',
    noticeOutOfRange: 'Saisissez le préavis en nombre entier de jours, de 0 à %{maximum}.',
    save: 'Enregistrer le calendrier',
    saved: 'Le calendrier des départs est enregistré ; les départs déjà enregistrés suivent les nouveaux délais à partir de leur date de départ.',
  },
  account: {
    heading: 'Calendrier des départs',
    hypothetical: 'Si ce compte partait aujourd’hui, il serait désactivé le %{deactivateOn} et supprimé le %{deleteOn}.',
    leaving: 'Départ enregistré le %{leftAt}. Le compte reste actif jusqu’au %{deactivateOn} ; il sera désactivé le %{deactivateOn}, pré-supprimé le %{preDeleteOn} et supprimé le %{deleteOn}.',
    deactivated: 'Départ enregistré le %{leftAt}. Le compte a été désactivé le %{deactivateOn} ; il sera pré-supprimé le %{preDeleteOn} et supprimé le %{deleteOn}.',
    preDeleted: 'Départ enregistré le %{leftAt}. Le compte a été désactivé le %{deactivateOn}, puis pré-supprimé le %{preDeleteOn} ; il sera supprimé le %{deleteOn}.',
    deactivatedByHand: 'Aucun départ n’est enregistré pour ce compte : il a été désactivé à la main, hors du calendrier des départs.',
    preDeletedByHand: 'Aucun départ n’est enregistré pour ce compte : il a été pré-supprimé à la main, hors du calendrier des départs, et il sera supprimé le %{deleteOn}.',
    cancelManagerOnly: 'Le calendrier a déjà agi sur ce compte : seul le gestionnaire peut annuler ce départ.',
    noticesLabel: 'Avis envoyés à l’usager',
    notices: {
      deactivation: {
        sent: 'Avis de désactivation (prévue le %{on}) envoyé le %{sentAt}.',
        pending: 'Avis de désactivation (prévue le %{on}) en attente d’envoi.',
        refused: 'Avis de désactivation (prévue le %{on}) refusé par le serveur de messagerie.',
      },
      deletion: {
        sent: 'Avis de suppression (prévue le %{on}) envoyé le %{sentAt}.',
        pending: 'Avis de suppression (prévue le %{on}) en attente d’envoi.',
        refused: 'Avis de suppression (prévue le %{on}) refusé par le serveur de messagerie.',
      },
    },
  },
  simulator: {
    heading: 'Simulateur',
    intro: 'Pour n’importe quelle sélection, voyez quand ses comptes seraient désactivés et supprimés.',
    help: 'Les comptes sans départ enregistré sont comptés comme s’ils partaient le jour choisi ; ceux dont le départ est enregistré suivent leur propre calendrier. Rien n’est modifié.',
    school: 'Établissement',
    allAcademy: 'Toute l’académie',
    allMySchools: 'Tous vos établissements',
    profiles: 'Profils',
    profilesHelp: 'Aucun profil choisi : tous les profils.',
    classes: 'Classes',
    classesChooseSchool: 'Classes : choisissez d’abord un établissement',
    leftAt: 'Date du départ',
    leftAtHelp: 'Aujourd’hui par défaut ; un jour à venir convient aussi.',
    withInactive: 'Compter aussi les comptes désactivés ou pré-supprimés',
    run: 'Simuler',
    caption: 'Dates de désactivation et de suppression des comptes de la sélection, par profil et par situation.',
    columns: { profile: 'Profil', situation: 'Situation', count: 'Nombre', deactivateOn: 'Désactivé le', deleteOn: 'Supprimé le' },
    situations: { simulated: 'Actif — départ simulé', leaving: 'Départ enregistré', deactivated: 'Désactivé', preDeleted: 'Pré-supprimé' },
    sentences: {
      empty: 'Aucun compte ne correspond à cette sélection.',
      total: '%{smart_count} compte dans cette sélection. |||| %{smart_count} comptes dans cette sélection.',
      simulated:
        '%{smart_count} compte partirait le %{leftAt} : il serait désactivé le %{deactivateOn} et supprimé le %{deleteOn}. |||| %{smart_count} comptes partiraient le %{leftAt} : ils seraient désactivés le %{deactivateOn} et supprimés le %{deleteOn}.',
      recorded:
        '%{smart_count} compte dont le départ est déjà enregistré suit son calendrier : désactivation le %{deactivateOn}, suppression le %{deleteOn}. |||| %{smart_count} comptes dont le départ est déjà enregistré suivent leur calendrier : désactivation le %{deactivateOn}, suppression le %{deleteOn}.',
      outside: '%{smart_count} compte du personnel ne suit pas le calendrier. |||| %{smart_count} comptes du personnel ne suivent pas le calendrier.',
    },
  },
  depart: {
    label: 'Enregistrer un départ',
    title: 'Enregistrer le départ de %{name} ?',
    question:
      'Le compte restera actif pendant la tolérance de son profil, puis il sera désactivé, pré-supprimé et supprimé aux dates du calendrier des départs. Jusqu’à sa suppression, le départ peut être annulé : le compte garde alors son identifiant et son mot de passe.',
    date: 'Date du départ',
    dateHelp: 'Aujourd’hui, ou un jour passé, par exemple la date de sortie inscrite dans les registres de l’établissement.',
    required: 'Saisissez la date du départ.',
    future: 'La date du départ ne peut pas être dans le futur : enregistrez le départ le jour venu.',
    confirm: 'Oui, enregistrer le départ',
    done: 'Le départ de %{name} est enregistré : son compte sera désactivé le %{deactivateOn} et supprimé le %{deleteOn}.',
  },
  cancel: {
    label: 'Annuler le départ',
    title: 'Annuler le départ de %{name} ?',
    leaving: 'Le départ sera oublié : le compte reste actif, avec le même identifiant et le même mot de passe, et il ne sera ni désactivé ni supprimé.',
    undo: 'Le départ sera oublié et ce que le calendrier a fait sera défait : le compte sera de nouveau actif, avec le même identifiant et le même mot de passe.',
    confirm: 'Oui, annuler le départ',
    done: 'Le départ de %{name} est annulé : son compte est actif, avec le même identifiant et le même mot de passe.',
  },
};
