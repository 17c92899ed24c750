import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { eventually } from '@sesame/testing';
import type { Api, ApiAnswer } from '../support/api';

export const FEED_FIXTURES = join(__dirname, '..', '..', 'fixtures', 'feeds');

/** Every file of a fixture folder, or one fixture file. */
export function fixtureFiles(path: string): string[] {
  const full = join(FEED_FIXTURES, path);
  try {
    return readdirSync(full).sort().map((name) => join(full, name));
  } catch {
    return [full];
  }
}

/** POST /feeds as the console sends it: `kind`, `uai`, then the files. */
export async function uploadFeed(api: Api, token: string, files: string[], fields: { kind: string; uai?: string }, language = 'fr'): Promise<ApiAnswer> {
  const form = new FormData();
  form.append('kind', fields.kind);
  if (fields.uai) form.append('uai', fields.uai);
  for (const file of files) form.append('files', new Blob([readFileSync(file)]), basename(file));
  return api.as(token).inLanguage(language).request('POST', '/api/v1/feeds', form);
}

/** The feed once it has reached one of `statuses` (or failed), as GET /feeds/:id shows it. */
export async function feedIn(api: Api, id: string, statuses: string[], timeoutMs = 60_000): Promise<any> {
  return eventually(
    async () => {
      const answer = await api.get(`/api/v1/feeds/${id}`);
      if (answer.status !== 200) return undefined;
      return statuses.includes(answer.body.status) || answer.body.status === 'failed' ? answer.body : undefined;
    },
    timeoutMs,
    `feed ${id} ${statuses.join('|')}`,
  );
}

/** Uploads and waits for the diff (or the failure). */
export async function diffedFeed(api: Api, token: string, files: string[], fields: { kind: string; uai?: string }, language = 'fr'): Promise<any> {
  const answer = await uploadFeed(api, token, files, fields, language);
  if (answer.status !== 202) throw new Error(`POST /feeds → ${answer.status} ${JSON.stringify(answer.body)}`);
  return feedIn(api.as(token).inLanguage(language), answer.body.id, ['ready']);
}

// ---- Hand-made AAF deliveries (the format of fixtures/feeds/ok/aaf-2d) ----

export interface AafPerson {
  key: string;
  entity: 'Eleve' | 'PersRelEleve' | 'PersEducNat';
  lastName?: string;
  firstName?: string;
  /** `uai$classe` */
  classes?: string[];
  schools?: string[];
  /** Student side: `relativeKey$légal`. */
  relatives?: string[];
  mail?: string;
  /** PersEducNat: National_ENS (teacher) or another profile (personnel). */
  profile?: string;
  ine?: string;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const attr = (name: string, values: Array<string | undefined>) => {
  const present = values.filter((v): v is string => Boolean(v));
  return present.length ? `      <attr name="${name}">${present.map((v) => `<value>${xml(v)}</value>`).join('')}</attr>\n` : '';
};
const file = (requests: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<ficAlimMENESR>\n${requests.join('')}</ficAlimMENESR>\n`;
const request = (id: string, attributes: string) => `  <addRequest>\n    <identifier><id>${id}</id></identifier>\n    <attributes>\n${attributes}    </attributes>\n  </addRequest>\n`;

/** Writes an AAF delivery (the four required entities) to `dir`; returns its files. */
export function writeAafDelivery(dir: string, schools: Array<{ uai: string; name: string }>, persons: AafPerson[], prefix = 'ENTE2E'): string[] {
  mkdirSync(dir, { recursive: true });
  const path = (entity: string) => join(dir, `${prefix}_Complet_20260901_${entity}_0000.xml`);
  writeFileSync(path('EtabEducNat'), file(schools.map((s) => request(s.uai, attr('ENTStructureUAI', [s.uai]) + attr('ENTStructureNomCourant', [s.name])))));
  for (const entity of ['Eleve', 'PersRelEleve', 'PersEducNat'] as const) {
    const requests = persons
      .filter((p) => p.entity === entity)
      .map((p) =>
        request(
          p.key,
          attr('ENTPersonJointure', [p.key]) +
            attr('ENTEleveINE', [p.ine]) +
            attr('sn', [p.lastName ?? `Nom ${p.key}`]) +
            attr('givenName', [p.firstName ?? `Prénom ${p.key}`]) +
            attr('ENTPersonStructRattach', p.schools ?? []) +
            attr(entity === 'PersEducNat' ? 'ENTAuxEnsClasses' : 'ENTEleveClasses', p.classes ?? []) +
            attr('ENTElevePersRelEleve', (p.relatives ?? []).map((r) => {
              const [key, legal] = r.split('$');
              return `${key}$10$1$${legal}$1$1`;
            })) +
            attr('ENTPersonProfils', [p.profile]) +
            attr('mail', [p.mail]),
        ),
      );
    writeFileSync(path(entity), file(requests));
  }
  return ['EtabEducNat', 'Eleve', 'PersRelEleve', 'PersEducNat'].map(path);
}
