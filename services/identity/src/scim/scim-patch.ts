import { SCIM_SCHEMAS } from '@sesame/contracts';
import { ScimError, invalidPath, invalidSyntax, invalidValue } from './scim-error';
import { Filter, parseFilter } from './scim-filter';

/*
 * PATCH (RFC 7644 §3.5.2) applied to a resource's representation: `add`, `replace` and `remove`,
 * with or without a path, paths into extensions (`urn:…:User:profile`) and value filters
 * (`emails[type eq "work"].value`). What the result means for the account is scim-users.service's.
 */

type Json = Record<string, unknown>;
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

const noTarget = (detail: string) => new ScimError(400, detail, 'noTarget');

/** The URNs a path may start with: extensions are objects of the representation, keyed by their URN. */
const EXTENSION_URNS = [SCIM_SCHEMAS.enterpriseUser, SCIM_SCHEMAS.sesameUser, SCIM_SCHEMAS.sesameGroup];
const CORE_URNS = [SCIM_SCHEMAS.user, SCIM_SCHEMAS.group];

interface Target {
  /** The object holding the attribute (the resource or an extension object). */
  container: Json;
  /** The attribute's key as it is in the container (its case kept when it exists). */
  attribute: string;
  filter?: Filter;
  sub?: string;
}

/** The key of `name` in `object`, whatever its case (RFC 7643 §2.1: names are case-insensitive). */
const keyIn = (object: Json, name: string) => Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;

function target(resource: Json, path: string): Target {
  let rest = path.trim();
  let container = resource;
  const lower = rest.toLowerCase();
  const core = CORE_URNS.find((urn) => lower.startsWith(`${urn.toLowerCase()}:`));
  const extension = EXTENSION_URNS.find((urn) => lower === urn.toLowerCase() || lower.startsWith(`${urn.toLowerCase()}:`));
  if (core) rest = rest.slice(core.length + 1);
  else if (extension) {
    const key = keyIn(resource, extension);
    if (lower === extension.toLowerCase()) return { container: resource, attribute: key };
    container = (resource[key] ??= {}) as Json;
    rest = rest.slice(extension.length + 1);
  } else if (lower.startsWith('urn:')) {
    throw invalidPath(`"${path}" starts with a schema this resource does not have.`);
  }
  const match = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s.exec(rest);
  if (!match) throw invalidPath(`"${path}" is not a valid attribute path (RFC 7644 §3.10).`);
  const [, attribute, filterText, sub] = match;
  return { container, attribute: keyIn(container, attribute), ...(filterText !== undefined ? { filter: parseFilter(filterText) } : {}), ...(sub ? { sub: sub } : {}) };
}

function valueOf(item: unknown, path: string): unknown {
  if (!item || typeof item !== 'object') return path.toLowerCase() === 'value' ? item : undefined;
  const object = item as Json;
  return object[keyIn(object, path)];
}

/** Whether one value of a multi-valued attribute matches a value filter (evaluated here: a few values). */
export function matches(item: unknown, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(item, filter.left) && matches(item, filter.right);
    case 'or':
      return matches(item, filter.left) || matches(item, filter.right);
    case 'not':
      return !matches(item, filter.filter);
    case 'present': {
      const value = valueOf(item, filter.path);
      return value !== undefined && value !== null && value !== '';
    }
    case 'valuePath':
      throw invalidPath('A value filter cannot hold another one.');
    case 'compare': {
      const value = valueOf(item, filter.path);
      const given = filter.value;
      if (given === null) return filter.op === 'eq' ? value == null : filter.op === 'ne' ? value != null : false;
      if (typeof value === 'boolean' || typeof given === 'boolean') return filter.op === 'eq' ? value === given : filter.op === 'ne' ? value !== given : false;
      if (value === undefined || value === null) return filter.op === 'ne';
      // Sub-attributes of values (value, type, display…) are compared without case, ids included.
      const left = String(value).toLowerCase();
      const right = String(given).toLowerCase();
      switch (filter.op) {
        case 'eq':
          return left === right;
        case 'ne':
          return left !== right;
        case 'co':
          return left.includes(right);
        case 'sw':
          return left.startsWith(right);
        case 'ew':
          return left.endsWith(right);
        case 'gt':
          return left > right;
        case 'ge':
          return left >= right;
        case 'lt':
          return left < right;
        case 'le':
          return left <= right;
      }
    }
  }
}

const isObject = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** `add` of a value to an attribute: appended to a multi-valued one (without repeating a value), merged into a complex one. */
function addTo(container: Json, attribute: string, value: unknown): void {
  const current = container[attribute];
  if (Array.isArray(current) || Array.isArray(value)) {
    const list = Array.isArray(current) ? [...current] : current === undefined ? [] : [current];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!list.some((existing) => JSON.stringify(existing) === JSON.stringify(item) || (isObject(existing) && isObject(item) && existing.value !== undefined && existing.value === item.value))) list.push(item);
    }
    container[attribute] = list;
  } else if (isObject(current) && isObject(value)) {
    for (const [key, inner] of Object.entries(value)) current[keyIn(current, key)] = inner;
  } else {
    container[attribute] = value;
  }
}

/** Applies the operations in order to a copy of the representation; any invalid one refuses them all. */
export function applyPatch(resource: Json, body: unknown): Json {
  if (!isObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(SCIM_SCHEMAS.patchOp)) {
    throw invalidSyntax(`A PATCH request is a PatchOp message: its "schemas" must hold "${SCIM_SCHEMAS.patchOp}".`);
  }
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('A PATCH request needs "Operations", a list of at least one operation.');
  const result = structuredClone(resource);
  for (const raw of operations) {
    if (!isObject(raw)) throw invalidSyntax('Each operation is an object with "op", and "path" or "value".');
    const op = String(raw.op ?? '').toLowerCase();
    const path = raw.path === undefined ? undefined : String(raw.path);
    if (!['add', 'replace', 'remove'].includes(op)) throw invalidSyntax(`"${String(raw.op)}" is not a PATCH operation (add, replace, remove).`);
    if (op === 'remove') {
      if (!path) throw noTarget('A "remove" operation needs a "path".');
      remove(result, path);
      continue;
    }
    if (raw.value === undefined) throw invalidValue(`An "${op}" operation needs a "value".`);
    if (!path) {
      if (!isObject(raw.value)) throw invalidValue(`An "${op}" operation without "path" takes an object of attributes as its "value".`);
      for (const [name, value] of Object.entries(raw.value)) {
        // Attributes named by their full URN path (`urn:…:User:profile`), or extension objects.
        if (name.toLowerCase().startsWith('urn:') && !EXTENSION_URNS.some((urn) => urn.toLowerCase() === name.toLowerCase())) {
          set(result, name, value, op);
        } else if (op === 'add' || isObject(value)) {
          const key = keyIn(result, name);
          if (op === 'replace' && isObject(value) && isObject(result[key])) addTo(result, key, value);
          else if (op === 'add') addTo(result, key, value);
          else result[key] = value;
        } else {
          result[keyIn(result, name)] = value;
        }
      }
      continue;
    }
    set(result, path, raw.value, op);
  }
  return result;
}

function set(resource: Json, path: string, value: unknown, op: string): void {
  const { container, attribute, filter, sub } = target(resource, path);
  if (!filter) {
    if (sub) {
      const inner = (container[attribute] ??= {}) as Json;
      if (!isObject(inner)) throw invalidPath(`"${path}": ${attribute} has no sub-attributes.`);
      if (op === 'add') addTo(inner, keyIn(inner, sub), value);
      else inner[keyIn(inner, sub)] = value;
    } else if (op === 'add') {
      addTo(container, attribute, value);
    } else {
      container[attribute] = value;
    }
    return;
  }
  const list = container[attribute];
  const hits = Array.isArray(list) ? list.filter((item) => matches(item, filter)) : [];
  // RFC 7644 §3.5.2.3: a replace whose filter matches nothing is a 400 noTarget.
  if (hits.length === 0) throw noTarget(`"${path}" matches no value of ${attribute}.`);
  container[attribute] = (list as unknown[]).map((item) => {
    if (!hits.includes(item)) return item;
    if (sub) return { ...(item as Json), [keyIn(item as Json, sub)]: value };
    return isObject(item) && isObject(value) ? { ...item, ...value } : value;
  });
}

function remove(resource: Json, path: string): void {
  const { container, attribute, filter, sub } = target(resource, path);
  if (!filter) {
    if (sub) {
      const inner = container[attribute];
      if (Array.isArray(inner)) container[attribute] = inner.map((item) => (isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => key.toLowerCase() !== sub.toLowerCase())) : item));
      else if (isObject(inner)) delete inner[keyIn(inner, sub)];
    } else {
      delete container[attribute];
    }
    return;
  }
  const list = container[attribute];
  if (!Array.isArray(list)) throw noTarget(`"${path}" matches no value: ${attribute} has none.`);
  const hits = list.filter((item) => matches(item, filter));
  if (hits.length === 0) throw noTarget(`"${path}" matches no value of ${attribute}.`);
  container[attribute] = sub
    ? list.map((item) => (hits.includes(item) && isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => key.toLowerCase() !== sub.toLowerCase())) : item))
    : list.filter((item) => !hits.includes(item));
}
