import type { CampaignLayout, Locale } from '@sesame/contracts';
import { formatParisDate } from '../mail/templates/format.rules';

/** The sheet that opens each class's letters. */
export interface CoverContent {
  school: string | null;
  title: string;
  lines: string[];
}

export interface CoverGroup {
  schoolName: string | null;
  schoolUai: string | null;
  className: string | null;
  letters: number;
  sheets: number;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n === 1 ? one : many}`;
const pluralEn = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function coverContent(group: CoverGroup, options: { locale: Locale; layout: CampaignLayout; launchedAt: Date; launchedBy: string }): CoverContent {
  const school = group.schoolName ? (group.schoolUai ? `${group.schoolName} (${group.schoolUai})` : group.schoolName) : null;
  const date = formatParisDate(options.launchedAt, options.locale);
  if (options.locale === 'en') {
    return {
      school,
      title: group.className ? `Letters for class ${group.className}` : 'Letters for accounts without a class',
      lines: [
        `This bundle holds ${pluralEn(group.letters, 'letter', 'letters')}, printed on ${pluralEn(group.sheets, 'sheet', 'sheets')}.`,
        options.layout === 1
          ? 'Hand each person the letter that bears their name.'
          : 'Cut each sheet along the cut marks, then hand each person the letter that bears their name.',
        'Activation codes are personal: do not leave these letters unattended.',
        `Campaign launched on ${date} by ${options.launchedBy}.`,
      ],
    };
  }
  return {
    school,
    title: group.className ? `Courriers de la classe ${group.className}` : 'Courriers des comptes sans classe',
    lines: [
      `Cette liasse contient ${plural(group.letters, 'courrier', 'courriers')}, ${group.letters === 1 ? 'imprimé' : 'imprimés'} sur ${plural(group.sheets, 'feuille', 'feuilles')}.`,
      options.layout === 1
        ? 'Remettez à chaque personne le courrier qui porte son nom.'
        : 'Découpez chaque feuille en suivant les traits de coupe, puis remettez à chaque personne le courrier qui porte son nom.',
      'Les codes d’activation sont personnels\u00a0: ne laissez pas ces courriers sans surveillance.',
      `Campagne lancée le ${date} par ${options.launchedBy}.`,
    ],
  };
}
