/**
 * The French sentences of the rentrée (`sesame.rentree`, a part of fr.ts kept apart): the wizard
 * that opens a school year and the list of past rentrées. Messages are complete sentences; labels
 * (steps, buttons, fields) are short names.
 */
export const frRentree = {
  intro:
    'À la rentrée, les classes de l’année qui se termine sont archivées et les élèves qui restent gardent leur compte : même identifiant, même mot de passe, même activation. Les classes de la nouvelle année viennent du prochain flux académique ou d’une liste des classes. L’année précédente peut être restaurée pendant 30 jours.',
  wizard: {
    heading: 'Ouvrir une nouvelle année scolaire',
    steps: { year: 'L’année et les établissements', classList: 'La liste des classes', preview: 'Vérification', done: 'Confirmation' },
    year: 'Année scolaire à ouvrir',
    yearOption: '%{start}-%{end}',
    schools: 'Établissements concernés',
    allSchools: 'Tous les établissements de l’académie',
    noSchool: 'Choisissez au moins un établissement.',
    classListHelp:
      'Facultatif : un fichier CSV avec une colonne « identifiant » (ou « ine ») et une colonne « classe », séparées par des points-virgules ou des virgules. Sans liste, les élèves n’ont pas de classe jusqu’au prochain flux.',
    classListPick: 'Choisir un fichier CSV',
    classListRead: 'Le fichier « %{name} » compte %{smart_count} ligne d’élève. |||| Le fichier « %{name} » compte %{smart_count} lignes d’élèves.',
    classListErrors: {
      empty: 'Ce fichier est vide.',
      columns: 'La première ligne de ce fichier doit nommer une colonne « identifiant » (ou « ine ») et une colonne « classe ».',
      noRows: 'Ce fichier ne contient aucune ligne d’élève après sa ligne d’en-tête.',
    },
    classListRemove: 'Retirer la liste',
    next: 'Suivant',
    back: 'Retour',
    withoutList: 'Continuer sans liste',
    previewLoading: 'Calcul de ce que la rentrée changera…',
    previewIntro: 'Voici ce que l’ouverture de l’année %{year} fera :',
    /** Each count in a sentence; `none` when it is zero. */
    counts: {
      classesArchived: '%{smart_count} classe de l’année qui se termine sera archivée. |||| %{smart_count} classes de l’année qui se termine seront archivées.',
      pupilsKept: '%{smart_count} élève reste : il garde son identifiant, son mot de passe et son activation. |||| %{smart_count} élèves restent : ils gardent leur identifiant, leur mot de passe et leur activation.',
      pupilsWithoutClass: '%{smart_count} élève n’a pas encore de classe : le prochain flux ou une liste des classes le placera. |||| %{smart_count} élèves n’ont pas encore de classe : le prochain flux ou une liste des classes les placera.',
      newcomers: '%{smart_count} nouvel arrivant rejoint l’établissement. |||| %{smart_count} nouveaux arrivants rejoignent l’établissement.',
      classesCreated: 'La liste crée %{smart_count} classe de la nouvelle année. |||| La liste crée %{smart_count} classes de la nouvelle année.',
    },
    none: {
      classesArchived: 'Aucune classe ne sera archivée.',
      pupilsKept: 'Aucun élève ne reste.',
      pupilsWithoutClass: 'Tous les élèves qui restent ont une classe dans la liste.',
      newcomers: 'Aucun nouvel arrivant.',
      classesCreated: 'La liste ne crée aucune classe.',
    },
    columns: { school: 'Établissement', classesArchived: 'Classes archivées', pupilsKept: 'Élèves qui restent', pupilsWithoutClass: 'Sans classe', newcomers: 'Nouveaux arrivants' },
    caption: 'Ce que la rentrée changera dans chaque établissement.',
    confirm: 'Ouvrir l’année %{year}',
    opened: 'L’année %{year} est ouverte. Vous pouvez restaurer l’année précédente jusqu’au %{date}.',
    lettersHint: 'Pour distribuer les comptes des nouveaux arrivants, choisissez « Arrivés depuis la rentrée » dans les filtres de la liste des comptes.',
    another: 'Ouvrir une autre rentrée',
  },
  history: {
    heading: 'Rentrées précédentes',
    none: 'Aucune rentrée n’a encore été ouverte.',
    caption: 'Les rentrées ouvertes, de la plus récente à la plus ancienne.',
    columns: { year: 'Année', schools: 'Établissements', openedAt: 'Ouverte le', counts: 'Bilan', status: 'État' },
    counts: 'Classes archivées : %{classes} ; élèves gardés : %{pupils}',
    restorable: 'Restaurable jusqu’au %{date}',
    restored: 'Restaurée le %{date}',
    closed: 'Définitive',
    restore: 'Restaurer l’année précédente',
    restoreTitle: 'Restaurer l’année précédente ?',
    restoreText:
      'Les classes de l’année %{year} seront supprimées, et les classes de l’année précédente reviendront avec leurs élèves. Les nouveaux arrivants restent dans leur établissement, sans classe. Les comptes ne changent pas.',
    restoreConfirm: 'Restaurer',
    cancel: 'Annuler',
    restoredNotice: 'L’année précédente est restaurée.',
  },
};
