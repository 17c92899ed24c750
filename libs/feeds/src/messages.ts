import type { FeedError, FeedErrorCode } from './errors';

/*
 * What the readers' codes mean, in complete sentences (French typography: ’, « », a narrow no-break
 * space before : ; ! ?). feedMessage() adds where: the file, the record and the field.
 * Placeholders: {value}, {expected}, {detail} and the error's params.
 */
export const FEED_MESSAGES: Record<'fr' | 'en', Record<FeedErrorCode, string>> = {
  fr: {
    'file.unknown': 'Ce fichier n’est ni un fichier AAF, ni un export SIECLE, STS-web ou ONDE.',
    'file.unknown_entity': 'Ce fichier AAF ne dit pas, dans son nom, ce qu’il contient (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MefEducNat ou MatiereEducNat).',
    'file.encoding': 'L’encodage « {value} » annoncé par ce fichier n’est pas reconnu.',
    'file.wrong_root': 'Ce fichier commence par l’élément « {value} » alors qu’un fichier de ce type commence par « {expected} ».',
    'file.wrong_uai': 'Ce fichier est celui de l’établissement {value}, et non de l’établissement {expected} : il est refusé.',
    'xml.truncated': 'Ce fichier s’arrête avant sa fin : il n’a pas été reçu en entier. Chargez-le à nouveau.',
    'xml.malformed': 'Ce fichier n’est pas un XML valide à la ligne {line} : {detail}.',
    'csv.malformed': 'La ligne {line} ne peut pas être lue : vérifiez ses guillemets.',
    'csv.missing_column': 'La colonne « {expected} » manque dans l’en-tête.',
    'delivery.missing_part': 'La livraison AAF est incomplète : il manque le fichier {expected}.',
    'delivery.empty': 'La livraison ne contient aucun fichier reconnu.',
    'delivery.not_aaf': 'Ce fichier est un export d’établissement ({value}) et non un fichier AAF : une livraison AAF ne contient que des fichiers AAF.',
    'delivery.not_school_export': 'Ce fichier est un fichier AAF : l’export d’un établissement ne contient que des fichiers SIECLE, STS-web ou ONDE. Chargez-le comme une livraison AAF.',
    'zip.malformed': 'L’archive zip ne peut pas être lue : {detail}.',
    'record.missing_field': 'Cette valeur obligatoire manque.',
    'record.duplicate_ine': 'L’INE « {value} » figure déjà dans cette livraison ({first}).',
    'record.duplicate_key': 'L’identifiant « {value} » figure déjà dans cette livraison ({first}).',
    'date.malformed': '« {value} » n’est pas une date : il faut jj/mm/aaaa, par exemple 14/07/2012.',
    'uai.malformed': '« {value} » n’est pas un code UAI : il faut sept chiffres suivis de la bonne lettre de contrôle.',
  },
  en: {
    'file.unknown': 'This file is neither an AAF file nor a SIECLE, STS-web or ONDE export.',
    'file.unknown_entity': 'This AAF file does not say in its name what it holds (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MefEducNat or MatiereEducNat).',
    'file.encoding': 'The encoding “{value}” that this file declares is not known.',
    'file.wrong_root': 'This file starts with the element “{value}”, whereas a file of this kind starts with “{expected}”.',
    'file.wrong_uai': 'This file belongs to school {value}, not to school {expected}: it is refused.',
    'xml.truncated': 'This file stops before its end: it was not received in full. Upload it again.',
    'xml.malformed': 'This file is not valid XML at line {line}: {detail}.',
    'csv.malformed': 'Line {line} cannot be read: check its quotes.',
    'csv.missing_column': 'The column “{expected}” is missing from the header.',
    'delivery.missing_part': 'The AAF delivery is incomplete: the {expected} file is missing.',
    'delivery.empty': 'The delivery holds no file that Sesame recognises.',
    'delivery.not_aaf': 'This file is a school export ({value}), not an AAF file: an AAF delivery holds AAF files only.',
    'delivery.not_school_export': 'This file is an AAF file: a school’s export holds SIECLE, STS-web or ONDE files only. Upload it as an AAF delivery.',
    'zip.malformed': 'The zip archive cannot be read: {detail}.',
    'record.missing_field': 'This required value is missing.',
    'record.duplicate_ine': 'The INE “{value}” is already in this delivery ({first}).',
    'record.duplicate_key': 'The identifier “{value}” is already in this delivery ({first}).',
    'date.malformed': '“{value}” is not a date: write dd/mm/yyyy, for example 14/07/2012.',
    'uai.malformed': '“{value}” is not a UAI: it takes seven digits followed by the right check letter.',
  },
};

const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));

/** The error as one sentence for people: where (file, record, field), then what. */
export function feedMessage(error: FeedError, language: 'fr' | 'en'): string {
  const what = fill(FEED_MESSAGES[language][error.code], error.params);
  const where =
    language === 'fr'
      ? [`Fichier « ${error.file} »`, error.record, error.field && `champ « ${error.field} »`]
      : [`File “${error.file}”`, error.record, error.field && `field “${error.field}”`];
  return `${where.filter(Boolean).join(', ')}${language === 'fr' ? ' : ' : ': '}${what}`;
}
