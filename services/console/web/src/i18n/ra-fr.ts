import type { TranslationMessages } from 'react-admin';

/**
 * react-admin's own French messages that a user reads, rewritten as complete sentences (the
 * package's are often fragments without a full stop). Labels are kept.
 */
const OVERRIDES = {
  action: { edit: 'Modifier', show: 'Afficher', clear_input_value: 'Vider le champ', remove_filter: 'Retirer ce filtre' },
  auth: {
    auth_check_error: 'Connectez-vous pour continuer.',
    user_menu: 'Mon compte',
    username: 'Identifiant',
    email: 'Adresse e-mail',
    sign_in: 'Se connecter',
    sign_in_error: 'La connexion a échoué ; veuillez réessayer.',
    logout: 'Se déconnecter',
  },
  page: {
    dashboard: 'Accueil',
    error: 'Un problème est survenu.',
    not_found: 'Page introuvable',
    empty: 'Il n’y a encore rien ici.',
    invite: 'Voulez-vous en ajouter un ?',
    access_denied: 'Accès refusé',
    authentication_error: 'Erreur d’authentification',
    loading: 'Chargement',
  },
  message: {
    access_denied: 'Vous n’avez pas le droit d’accéder à cette page.',
    authentication_error: 'Le serveur d’authentification a renvoyé une erreur ; vos droits n’ont pas pu être vérifiés.',
    auth_error: 'Une erreur est survenue lors de la vérification de votre session.',
    error: 'Une erreur s’est produite dans le navigateur ; votre demande n’a pas pu aboutir.',
    invalid_form: 'Le formulaire contient des erreurs ; corrigez les champs signalés.',
    loading: 'La page est en cours de chargement ; merci de patienter.',
    not_found: 'Cette adresse ne correspond à aucune page ; vérifiez le lien que vous avez suivi.',
    unsaved_changes: 'Certaines modifications n’ont pas été enregistrées. Voulez-vous vraiment quitter cette page ?',
    placeholder_data_warning: 'Problème de réseau : les données n’ont pas pu être actualisées.',
    are_you_sure: 'Êtes-vous sûr de vouloir continuer ?',
  },
  navigation: {
    no_results: 'Aucun résultat.',
    no_filtered_results: 'Aucun résultat ne correspond aux filtres actuels.',
    no_more_results: 'La page %{page} n’existe pas ; revenez à la page précédente.',
    page_out_of_boundaries: 'La page %{page} n’existe pas.',
    page_out_from_end: 'Vous êtes sur la dernière page.',
    page_out_from_begin: 'Vous êtes sur la première page.',
  },
  // The API sorts in one direction only: the tooltip names the column, not an order.
  sort: { sort_by: 'Trier par %{field_lower_first}' },
  notification: {
    updated: 'La modification a été enregistrée. |||| Les %{smart_count} modifications ont été enregistrées.',
    created: 'L’élément a été créé.',
    deleted: 'L’élément a été supprimé. |||| Les %{smart_count} éléments ont été supprimés.',
    bad_item: 'Cet élément est incorrect.',
    item_doesnt_exist: 'Cet élément n’existe pas.',
    http_error: 'Le serveur n’a pas pu être joint ; réessayez dans quelques instants.',
    data_provider_error: 'Une erreur est survenue lors de l’échange avec le serveur.',
    i18n_error: 'Les textes de la langue choisie n’ont pas pu être chargés.',
    canceled: 'L’action a été annulée.',
    logged_out: 'Votre session a pris fin ; veuillez vous reconnecter.',
    not_authorized: 'Vous n’avez pas le droit d’accéder à cette page.',
    offline: 'Vous n’êtes pas connecté au réseau ; les données ne peuvent pas être chargées.',
  },
  validation: { required: 'Ce champ est obligatoire.' },
};

export function raFr(base: TranslationMessages['ra']): TranslationMessages['ra'] {
  return mergeMessages(base, OVERRIDES);
}

export function mergeMessages<T extends object>(base: T, overrides: object): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = value && typeof value === 'object' ? mergeMessages((merged[key] ?? {}) as object, value) : value;
  }
  return merged as T;
}
