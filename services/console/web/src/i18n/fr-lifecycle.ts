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
    managerHelp: 'Un changement s’applique aussi aux départs déjà enregistrés, à partir de leur date de départ. Les comptes des administrateurs et des superviseurs ne suivent pas ce calendrier.',
    readOnly: 'Seul le gestionnaire de l’académie peut modifier ces délais.',
    updatedAt: 'Dernière modification le %{date}.',
    neverUpdated: 'Ces délais sont ceux de l’installation : ils n’ont encore jamais été modifiés.',
    caption: 'Délais du calendrier des départs, en jours, pour chaque profil.',
    columns: { profile: 'Profil', tolerationDays: 'Tolérance (jours)', deactivationDays: 'Désactivation (jours)', preDeletionDays: 'Pré-suppression (jours)', total: 'Du départ à la suppression' },
    delays: { tolerationDays: 'tolérance', deactivationDays: 'désactivation', preDeletionDays: 'pré-suppression' },
    input: '%{profile} : %{delay}, en jours',
    total: '%{smart_count} jour |||| %{smart_count} jours',
    overLimit: '%{total} jours : c’est plus que les %{maximum} jours permis par la loi.',
    notANumber: 'Saisissez chaque délai en nombre entier de jours, zéro ou plus.',
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
