import { Inject, Injectable } from '@nestjs/common';
import { DB, Db } from '../database/database.module';
import { ClassRow, SchoolRow } from '../database/schema';

@Injectable()
export class SchoolsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  list(ids?: readonly string[], executor: Db = this.db): Promise<SchoolRow[]> {
    let query = executor.selectFrom('schools').selectAll().orderBy('name').orderBy('uai');
    if (ids) {
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where('id', 'in', ids);
    }
    return query.execute();
  }

  findById(id: string, executor: Db = this.db): Promise<SchoolRow | undefined> {
    return executor.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insert(values: { uai: string; name: string; city: string | null }, executor: Db = this.db): Promise<SchoolRow> {
    return executor.insertInto('schools').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Ids among `ids` that name no school. */
  async unknownSchools(ids: readonly string[], executor: Db = this.db): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await executor.selectFrom('schools').select('id').where('id', 'in', ids).execute();
    const known = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !known.has(id));
  }

  /** Classes sorted alphabetically, as the ENT offers them. */
  classes(schoolId: string, executor: Db = this.db): Promise<ClassRow[]> {
    return executor.selectFrom('classes').selectAll().where('school_id', '=', schoolId).orderBy('name').execute();
  }

  classesByIds(ids: readonly string[], executor: Db = this.db): Promise<ClassRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor.selectFrom('classes').selectAll().where('id', 'in', ids).execute();
  }

  insertClass(values: { school_id: string; name: string }, executor: Db = this.db): Promise<ClassRow> {
    return executor.insertInto('classes').values(values).returningAll().executeTakeFirstOrThrow();
  }
}
