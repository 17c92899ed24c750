import type { ImportIssue } from './imports.schema';

/*
 * What the importer's codes mean, in complete sentences. Used at the edge: the gateway for the JSON
 * report, the importer for the error column of report.csv (a document it writes in the caller's
 * language). Codes of the account rules (username.*, email.*, password.*) are in @sesame/account-rules.
 * Placeholders: {value}, {column}, {line} of the issue, and the issue's params.
 */
export const IMPORT_MESSAGES = {
  fr: {
    'file.required': 'Joignez le fichier CSV dans le champ « file » du formulaire.',
    'file.empty': 'Le fichier est vide.',
    'file.incomplete': 'Le fichier n’a pas été reçu en entier : chargez-le à nouveau.',
    'file.binary':
      'Ce fichier n’est pas un fichier CSV : sa ligne {line} contient des données binaires. Enregistrez le tableau au format CSV (UTF-8 ou Windows-1252), puis chargez-le à nouveau.',
    'file.no_rows': 'Le fichier ne contient que la ligne d’en-tête : il n’y a aucun compte à importer.',
    'file.unclosed_quote': 'Un guillemet ouvert à la ligne {line} n’est jamais refermé.',
    'file.malformed': 'La ligne {line} ne peut pas être lue : vérifiez ses guillemets.',
    'file.line_too_long':
      'La ligne {line} dépasse {maximum} caractères : ce n’est pas un fichier CSV, ou ses sauts de ligne ont été perdus. Enregistrez le tableau au format CSV, puis chargez-le à nouveau.',
    'header.unknown': 'L’en-tête « {value} » n’est pas reconnu : les en-têtes doivent être exactement ceux de Collaborate, en anglais.',
    'header.suggestion': 'L’en-tête « {value} » n’est pas reconnu : vouliez-vous dire « {expected} » ?',
    'header.missing': 'La colonne obligatoire « {expected} » manque : elle doit être la colonne {position}.',
    'header.order': 'La colonne {position} doit être « {expected} », et non « {value} ».',
    'header.duplicate': 'La colonne « {value} » apparaît deux fois.',
    'header.empty': 'La colonne {position} n’a pas d’en-tête.',
    'report.retype_password': 'Retapez le mot de passe avant de charger ce fichier à nouveau : il n’est jamais recopié dans le fichier annoté.',
    'row.too_many_cells':
      'Cette ligne a {count} cellules alors que l’en-tête en a {expected} : une valeur contient peut-être le séparateur sans être entre guillemets.',
    'username.duplicate': 'L’identifiant « {value} » figure déjà à la ligne {firstLine} du fichier.',
    'username.taken': 'Un compte porte déjà l’identifiant « {value} ».',
    'password.breach_check_unavailable': 'Le service des mots de passe compromis n’a pas répondu à temps : chargez le fichier à nouveau dans quelques instants.',
    'username.lookalike': 'Cet identifiant ressemble trop à un identifiant déjà utilisé (des caractères différents qui se lisent pareil).',
    'username.lookalike_in_file': 'Cet identifiant ressemble trop à celui de la ligne {firstLine} du fichier (des caractères différents qui se lisent pareil).',
    'external_id.duplicate': 'L’identifiant externe « {value} » figure déjà à la ligne {firstLine} du fichier.',
    'external_id.taken': 'Un compte importé porte déjà l’identifiant externe « {value} ».',
    'value.too_long': 'Cette valeur ne peut pas dépasser {maximum} caractères.',
    'value.formula': 'Cette valeur commence par « {character} » : un tableur la prendrait pour une formule.',
    'encoding.invalid': 'Cette valeur contient des caractères illisibles : le fichier n’est pas entièrement en UTF-8.',
    'role.unknown':
      'Le rôle « {value} » n’existe pas : laissez la cellule vide pour un usager, ou indiquez S (superviseur) ou A (administrateur).',
    'role.not_allowed': 'Seul le gestionnaire peut importer des administrateurs (rôle A).',
    'password.required': 'Le mot de passe est obligatoire pour un administrateur ou un superviseur.',
    'first_name.required': 'Le prénom est obligatoire pour un usager (ligne sans rôle).',
    'last_name.required': 'Le nom est obligatoire pour un usager (ligne sans rôle).',
    'profile.required': 'Le profil est obligatoire pour un usager : student, relative, teacher, personnel ou guest.',
    'profile.unknown': 'Le profil « {value} » n’existe pas : indiquez student, relative, teacher, personnel ou guest.',
    'profile.only_for_members': 'Seuls les usagers (lignes sans rôle) ont un profil.',
    'school.required': 'Indiquez le code UAI de l’établissement de cet usager, ou choisissez un établissement par défaut au chargement.',
    'school.required_for_administrators': 'Indiquez le code UAI de l’établissement de cet administrateur.',
    'school.format': '« {value} » n’est pas un code UAI : il faut sept chiffres suivis d’une lettre, par exemple 0750654D.',
    'school.unknown': 'Aucun établissement n’a le code UAI « {value} ».',
    'school.out_of_scope': 'L’établissement « {value} » ne fait pas partie de vos établissements.',
    'school.not_for_supervisors': 'Un superviseur travaille dans les établissements de son administrateur : laissez la colonne school vide.',
    'classes.only_for_members': 'Seuls les usagers appartiennent à des classes.',
    'classes.without_school': 'Une classe appartient à un établissement : indiquez aussi l’établissement.',
    'class.too_long': 'Le nom de classe « {name} » dépasse {maximum} caractères.',
    'managed_by.required': 'Choisissez, au chargement, l’administrateur qui gérera les superviseurs importés.',
    'managed_by.not_an_administrator': 'Le compte choisi pour gérer les superviseurs n’est pas un administrateur actif.',
    'managed_by.not_yourself': 'Un administrateur gère lui-même les superviseurs qu’il importe : ne choisissez pas d’autre administrateur.',
    'default_school.unknown': 'L’établissement choisi par défaut n’existe pas.',
    'default_school.out_of_scope': 'L’établissement choisi par défaut ne fait pas partie de vos établissements.',
    'check.session_expired': 'Votre session a pris fin avant la fin de la vérification : reconnectez-vous et chargez le fichier à nouveau.',
    'check.refused': 'La vérification a été refusée : vos droits ne permettent pas de vérifier ce fichier.',
    'check.unavailable': 'La vérification du fichier n’a pas pu se terminer : chargez-le à nouveau dans quelques instants.',
    'check.outdated_job': 'Sesame a été mis à jour pendant que ce fichier attendait sa vérification : chargez-le à nouveau.',
    'check.stalled': 'La vérification du fichier s’est arrêtée sans se terminer : chargez-le à nouveau.',
    'failure.session_expired': 'Votre session a pris fin avant la fin de l’import : reconnectez-vous et confirmez à nouveau.',
    'failure.refused': 'L’import a été refusé : vos droits ne permettent pas de créer certains de ces comptes.',
    'failure.conflicts': 'Des comptes ont été créés entre la vérification et la confirmation : corrigez les lignes signalées et chargez à nouveau le fichier.',
    'failure.unavailable': 'L’import n’a pas pu se terminer ; rien n’a été créé. Confirmez à nouveau dans quelques instants.',
    'failure.outdated_job': 'Sesame a été mis à jour avant que cet import ne commence ; rien n’a été créé. Confirmez à nouveau.',
    'failure.stalled':
      'L’import s’est arrêté sans se terminer : confirmez à nouveau pour l’achever. Un import crée tous ses comptes ou aucun, et jamais deux fois.',
  },
  en: {
    'file.required': 'Attach the CSV file in the form field “file”.',
    'file.empty': 'The file is empty.',
    'file.incomplete': 'The file was not received in full: upload it again.',
    'file.binary': 'This file is not a CSV file: its line {line} holds binary data. Save the sheet as CSV (UTF-8 or Windows-1252), then upload it again.',
    'file.no_rows': 'The file holds only the header line: there is no account to import.',
    'file.unclosed_quote': 'A quote opened on line {line} is never closed.',
    'file.malformed': 'Line {line} cannot be read: check its quotes.',
    'file.line_too_long':
      'Line {line} is longer than {maximum} characters: this is not a CSV file, or its line breaks were lost. Save the sheet as CSV, then upload it again.',
    'header.unknown': 'The header “{value}” is not recognised: headers must be exactly Collaborate’s, in English.',
    'header.suggestion': 'The header “{value}” is not recognised: did you mean “{expected}”?',
    'header.missing': 'The required column “{expected}” is missing: it must be column {position}.',
    'header.order': 'Column {position} must be “{expected}”, not “{value}”.',
    'header.duplicate': 'The column “{value}” appears twice.',
    'header.empty': 'Column {position} has no header.',
    'report.retype_password': 'Type the password again before loading this file again: the annotated file never copies it.',
    'row.too_many_cells':
      'This line has {count} cells where the header has {expected}: a value may contain the separator without being quoted.',
    'username.duplicate': 'The username “{value}” is already on line {firstLine} of the file.',
    'username.taken': 'An account already has the username “{value}”.',
    'password.breach_check_unavailable': 'The breached-password service did not answer in time: upload the file again in a moment.',
    'username.lookalike': 'This username looks too much like one already in use (different characters that read the same).',
    'username.lookalike_in_file': 'This username looks too much like the one on line {firstLine} of the file (different characters that read the same).',
    'external_id.duplicate': 'The external id “{value}” is already on line {firstLine} of the file.',
    'external_id.taken': 'An imported account already has the external id “{value}”.',
    'value.too_long': 'This value cannot be longer than {maximum} characters.',
    'value.formula': 'This value starts with “{character}”: a spreadsheet would read it as a formula.',
    'encoding.invalid': 'This value contains unreadable characters: the file is not entirely UTF-8.',
    'role.unknown': 'The role “{value}” does not exist: leave the cell empty for a member, or write S (supervisor) or A (administrator).',
    'role.not_allowed': 'Only the manager can import administrators (role A).',
    'password.required': 'A password is required for an administrator or a supervisor.',
    'first_name.required': 'The first name is required for a member (a line without a role).',
    'last_name.required': 'The last name is required for a member (a line without a role).',
    'profile.required': 'A member needs a profile: student, relative, teacher, personnel or guest.',
    'profile.unknown': 'The profile “{value}” does not exist: write student, relative, teacher, personnel or guest.',
    'profile.only_for_members': 'Only members (lines without a role) have a profile.',
    'school.required': 'Give the UAI code of this member’s school, or choose a default school when uploading.',
    'school.required_for_administrators': 'Give the UAI code of this administrator’s school.',
    'school.format': '“{value}” is not a UAI code: seven digits followed by a letter, for example 0750654D.',
    'school.unknown': 'No school has the UAI code “{value}”.',
    'school.out_of_scope': 'The school “{value}” is not one of your schools.',
    'school.not_for_supervisors': 'A supervisor works in the schools of its administrator: leave the school column empty.',
    'classes.only_for_members': 'Only members belong to classes.',
    'classes.without_school': 'A class belongs to a school: give the school too.',
    'class.too_long': 'The class name “{name}” is longer than {maximum} characters.',
    'managed_by.required': 'Choose, when uploading, the administrator who will manage the imported supervisors.',
    'managed_by.not_an_administrator': 'The account chosen to manage the supervisors is not an active administrator.',
    'managed_by.not_yourself': 'An administrator manages the supervisors it imports: do not choose another administrator.',
    'default_school.unknown': 'The default school chosen does not exist.',
    'default_school.out_of_scope': 'The default school chosen is not one of your schools.',
    'check.session_expired': 'Your session ended before the file was checked: sign in again and upload it again.',
    'check.refused': 'The check was refused: your rights do not allow checking this file.',
    'check.unavailable': 'The file could not be checked: upload it again in a moment.',
    'check.outdated_job': 'Sesame was updated while this file was waiting to be checked: upload it again.',
    'check.stalled': 'The check of the file stopped before it finished: upload the file again.',
    'failure.session_expired': 'Your session ended before the import finished: sign in again and confirm again.',
    'failure.refused': 'The import was refused: your rights do not allow creating some of these accounts.',
    'failure.conflicts': 'Accounts were created between the check and the confirmation: fix the lines reported and upload the file again.',
    'failure.unavailable': 'The import could not finish; nothing was created. Confirm again in a moment.',
    'failure.outdated_job': 'Sesame was updated before this import started; nothing was created. Confirm again.',
    'failure.stalled': 'The import stopped before it finished: confirm again to complete it. An import creates all its accounts or none, and never twice.',
  },
} as const;

export type ImportMessageCode = keyof (typeof IMPORT_MESSAGES)['fr'];

/**
 * Header of the column report.csv adds after the original ones. An upload recognises it (with or
 * without the file's problems after a colon) and ignores it: the annotated file loads again as it is.
 */
export const REPORT_ERROR_COLUMN = { fr: 'erreurs', en: 'errors' } as const;

/** The placeholders an issue's message may use. */
export function importIssueParams(issue: ImportIssue): Record<string, string | number> {
  return { value: issue.value, column: issue.column, line: issue.line, ...issue.params };
}
