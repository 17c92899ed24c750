import { Locale, RULE_MESSAGES, interpolate } from '@sesame/account-rules';
export { titleOf } from '@sesame/account-rules';
import { IMPORT_MESSAGES, importIssueParams, type FieldIssue, type ImportIssue } from '@sesame/contracts';
import { FEED_CONFLICT_REASONS, FEED_FIELD_MESSAGES } from './feed-messages';
import { OIDC_CLIENT_CONFLICT_REASONS, OIDC_CLIENT_FIELD_MESSAGES } from './oidc-client-messages';
import { SCIM_TARGET_CONFLICT_REASONS, SCIM_TARGET_FIELD_MESSAGES } from './scim-target-messages';
import { RENTREE_CONFLICT_REASONS, RENTREE_FIELD_MESSAGES } from './rentree-messages';

/** Messages of field issues that are not account rules (those come from @sesame/account-rules). */
const FIELD_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    invalid_type: 'Le champ « {field} » n’a pas le bon type ({expected} attendu).',
    too_small: 'Le champ « {field} » est trop court ou trop petit (minimum {minimum}).',
    too_big: 'Le champ « {field} » est trop long ou trop grand (maximum {maximum}).',
    invalid_format: 'Le champ « {field} » n’a pas le format attendu ({format}).',
    invalid_value: 'Le champ « {field} » doit valoir l’une de ces valeurs : {values}.',
    unrecognized_keys: 'Ces champs ne sont pas reconnus : {keys}.',
    invalid_union: 'Le champ « {field} » n’a pas une forme acceptée.',
    custom: 'Le champ « {field} » est incorrect.',
    'body.malformed': 'Le corps de la requête n’est pas un document JSON valide.',
    'text.nul_character': 'Le champ « {field} » contient un caractère nul (U+0000), qui n’est pas accepté.',
    'form.malformed': 'Le formulaire envoyé est mal formé (multipart/form-data) ; envoyez le fichier à nouveau.',
    'body.not_json': 'Le corps de la requête doit être du JSON (Content-Type: application/json).',
    'uai.format': 'Le code UAI doit comporter sept chiffres suivis d’une lettre (par exemple 0750654D).',
    'uai.check': 'Le code UAI {uai} n’existe pas : avec ces sept chiffres, la lettre de contrôle est {letter}.',
    'uai.taken': 'Un établissement porte déjà le code UAI {uai}.',
    'class.taken': 'La classe « {name} » existe déjà dans cet établissement.',
    'class.unknown': 'Une des classes indiquées n’existe pas.',
    'class.not_in_school': 'La classe « {name} » n’appartient pas aux établissements du compte.',
    'school.unknown': 'Un des établissements indiqués n’existe pas.',
    'name.required_for_members': 'Le nom et le prénom sont obligatoires pour un usager.',
    'profile.required_for_members': 'Le profil est obligatoire pour un usager.',
    'profile.only_for_members': 'Seuls les usagers ont un profil.',
    'schools.required_for_members': 'Un usager doit être rattaché à au moins un établissement.',
    'schools.required_for_administrators': 'Un administrateur doit être rattaché à au moins un établissement.',
    'schools.not_for_supervisors': 'Un superviseur dépend des établissements de son administrateur.',
    'classes.only_for_members': 'Seuls les usagers appartiennent à des classes.',
    'children.only_for_relatives': 'Seul un parent peut être lié à des élèves.',
    'children.not_students': 'Les comptes liés à un parent doivent être des élèves existants.',
    'managed_by.required': 'Choisissez l’administrateur qui gérera ce superviseur.',
    'managed_by.only_for_supervisors': 'Seul un superviseur est géré par un administrateur.',
    'managed_by.not_an_administrator': 'Le compte choisi n’est pas un administrateur actif.',
    'username.cannot_generate': 'Impossible de créer un identifiant à partir du nom et du prénom ; indiquez-en un.',
    'password.current_wrong': 'Le mot de passe actuel est incorrect.',
  },
  en: {
    invalid_type: 'The field “{field}” has the wrong type ({expected} expected).',
    too_small: 'The field “{field}” is too short or too small (minimum {minimum}).',
    too_big: 'The field “{field}” is too long or too large (maximum {maximum}).',
    invalid_format: 'The field “{field}” does not have the expected format ({format}).',
    invalid_value: 'The field “{field}” must be one of: {values}.',
    unrecognized_keys: 'These fields are not recognised: {keys}.',
    invalid_union: 'The field “{field}” does not have an accepted shape.',
    custom: 'The field “{field}” is invalid.',
    'body.malformed': 'The request body is not valid JSON.',
    'text.nul_character': 'The field “{field}” contains a NUL character (U+0000), which is not accepted.',
    'form.malformed': 'The form sent is malformed (multipart/form-data); send the file again.',
    'body.not_json': 'The request body must be JSON (Content-Type: application/json).',
    'uai.format': 'A UAI code is seven digits followed by a letter (for example 0750654D).',
    'uai.check': 'The UAI code {uai} does not exist: with these seven digits, the check letter is {letter}.',
    'uai.taken': 'A school already has the UAI code {uai}.',
    'class.taken': 'The class “{name}” already exists in this school.',
    'class.unknown': 'One of the classes given does not exist.',
    'class.not_in_school': 'The class “{name}” does not belong to the account’s schools.',
    'school.unknown': 'One of the schools given does not exist.',
    'name.required_for_members': 'First and last names are required for a member.',
    'profile.required_for_members': 'A member needs a profile.',
    'profile.only_for_members': 'Only members have a profile.',
    'schools.required_for_members': 'A member must belong to at least one school.',
    'schools.required_for_administrators': 'An administrator must be assigned at least one school.',
    'schools.not_for_supervisors': 'A supervisor works in the schools of its administrator.',
    'classes.only_for_members': 'Only members belong to classes.',
    'children.only_for_relatives': 'Only a relative can be linked to students.',
    'children.not_students': 'Accounts linked to a relative must be existing students.',
    'managed_by.required': 'Choose the administrator who will manage this supervisor.',
    'managed_by.only_for_supervisors': 'Only a supervisor is managed by an administrator.',
    'managed_by.not_an_administrator': 'The account chosen is not an active administrator.',
    'username.cannot_generate': 'No login can be made from the first and last names; give one.',
    'password.current_wrong': 'The current password is wrong.',
  },
};

/** Why a `conflict` happened, said in the `detail` of the answer. */
const CONFLICT_REASONS: Record<Locale, Record<string, string>> = {
  fr: {
    cannot_deactivate_self_or_manager: 'Le gestionnaire et votre propre compte ne peuvent pas être désactivés.',
    already_activated: 'Ce compte est déjà activé : il n’a plus de code d’activation.',
    deactivated_no_code: 'Ce compte est désactivé : il recevra un nouveau code d’activation quand le gestionnaire le réactivera.',
    only_members: 'Seuls les comptes des usagers peuvent être pré-supprimés ; désactivez les autres.',
    not_pre_deleted: 'Ce compte n’est pas marqué pour suppression.',
    empty_selection: 'Votre sélection ne contient aucun compte : modifiez vos critères.',
    no_email: 'Aucune adresse électronique valide n’est enregistrée dans votre compte : ajoutez-en une pour recevoir l’essai.',
    document_not_ready: 'Le document de cette campagne n’est pas encore prêt ; réessayez quand la campagne sera terminée.',
    no_letter: 'Cette campagne n’a produit aucun courrier : tous les comptes sélectionnés ont été écartés.',
    document_deleted: 'Le document de cette campagne a été supprimé à la fin du délai de conservation ; lancez une nouvelle distribution pour obtenir des courriers à jour.',
    import_has_errors: 'Le fichier contient encore des erreurs : corrigez-les et chargez-le à nouveau avant de confirmer.',
    import_not_ready: 'La vérification du fichier n’est pas terminée ; attendez la fin de la validation pour confirmer.',
    import_already_confirmed: 'Cet import a déjà été confirmé.',
    import_expired: 'Les lignes de cet import ont été supprimées après le délai de conservation ; chargez le fichier à nouveau.',
    already_undone: 'Cette opération a déjà été annulée.',
    undo_expired: 'Cette opération ne peut plus être annulée : le délai d’annulation est passé, et l’état antérieur des comptes a été effacé.',
    undo_blocked: 'Des comptes ont changé depuis : {blockers} ({blocked} en tout). Ils ont été activés, distribués ou modifiés ; consultez l’aperçu de l’annulation, puis annulez le reste si vous le souhaitez.',
  },
  en: {
    cannot_deactivate_self_or_manager: 'The manager and your own account cannot be deactivated.',
    already_activated: 'This account is already activated: it no longer has an activation code.',
    deactivated_no_code: 'This account is deactivated: it will get a new activation code when the manager reactivates it.',
    only_members: 'Only members’ accounts can be marked for deletion; deactivate the others.',
    not_pre_deleted: 'This account is not marked for deletion.',
    empty_selection: 'Your selection holds no account: change your criteria.',
    no_email: 'No valid email address is recorded in your account: add one to receive the test.',
    document_not_ready: 'This campaign’s document is not ready yet; try again once the campaign has completed.',
    no_letter: 'This campaign produced no letter: every account selected was left out.',
    document_deleted: 'This campaign’s document was deleted at the end of the retention delay; launch a new distribution to get up-to-date letters.',
    import_has_errors: 'The file still contains errors: fix them and upload it again before confirming.',
    import_not_ready: 'The file is still being checked; wait for the validation to end before confirming.',
    import_already_confirmed: 'This import has already been confirmed.',
    import_expired: 'The rows of this import were deleted after the retention delay; upload the file again.',
    already_undone: 'This operation has already been undone.',
    undo_expired: 'This operation can no longer be undone: the time to undo it is over, and the accounts’ former state has been erased.',
    undo_blocked: 'Accounts changed since: {blockers} ({blocked} in all). They were activated, distributed or edited; look at the undo’s preview, then undo the rest if you wish.',
  },
};

export function conflictDetail(reason: string | number | undefined, locale: Locale, params: Record<string, string | number> = {}): string | undefined {
  if (reason === undefined) return undefined;
  const template = CONFLICT_REASONS[locale][String(reason)] ?? FEED_CONFLICT_REASONS[locale][String(reason)] ?? RENTREE_CONFLICT_REASONS[locale][String(reason)] ?? OIDC_CLIENT_CONFLICT_REASONS[locale][String(reason)] ?? SCIM_TARGET_CONFLICT_REASONS[locale][String(reason)];
  return template === undefined ? undefined : interpolate(template, params);
}

export function fieldMessage(issue: FieldIssue, locale: Locale): string {
  const rules = RULE_MESSAGES[locale] as Record<string, string>;
  const imports = IMPORT_MESSAGES[locale] as Record<string, string>;
  const template = rules[issue.code] ?? FIELD_MESSAGES[locale][issue.code] ?? FEED_FIELD_MESSAGES[locale][issue.code] ?? RENTREE_FIELD_MESSAGES[locale][issue.code] ?? OIDC_CLIENT_FIELD_MESSAGES[locale][issue.code] ?? SCIM_TARGET_FIELD_MESSAGES[locale][issue.code] ?? imports[issue.code] ?? FIELD_MESSAGES[locale].custom;
  return interpolate(template, { field: issue.field, ...issue.params });
}

/** A problem of an import's report (or why an import failed), as a sentence. */
export function importIssueMessage(issue: ImportIssue, locale: Locale): string {
  const rules = RULE_MESSAGES[locale] as Record<string, string>;
  const imports = IMPORT_MESSAGES[locale] as Record<string, string>;
  return interpolate(rules[issue.code] ?? imports[issue.code] ?? FIELD_MESSAGES[locale].custom, { field: issue.column, ...importIssueParams(issue) });
}
