import { invalidFilter } from './scim-error';

/*
 * SCIM filters (RFC 7644 §3.4.2.2): the grammar's text turned into a tree, which scim-query.ts
 * compiles to SQL. Precedence: `not` (with its parentheses), then `and`, then `or`; parentheses group.
 * Attribute names are case-insensitive (RFC 7643 §2.1): paths are kept in lower case.
 */

export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; path: string; op: CompareOperator; value: FilterValue }
  | { kind: 'present'; path: string }
  /** `emails[type eq "work" and value co "@"]`: the inner filter applies to one value of a multi-valued attribute. */
  | { kind: 'valuePath'; path: string; filter: Filter };

type Token = { type: 'word' | 'string' | 'number' | '(' | ')' | '[' | ']'; text: string; value?: FilterValue; at: number };

const WORD = /[A-Za-z0-9:._$-]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
    } else if ('()[]'.includes(c)) {
      tokens.push({ type: c as Token['type'], text: c, at: i });
      i += 1;
    } else if (c === '"') {
      // A JSON string (RFC 7644 §3.4.2.2: compValue is JSON's string).
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw invalidFilter(`The string that starts at character ${i + 1} is not closed.`);
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw invalidFilter(`The string ${raw} is not a valid JSON string.`);
      }
      tokens.push({ type: 'string', text: raw, value, at: i });
      i = j + 1;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < text.length && WORD.test(text[j])) j += 1;
      const word = text.slice(i, j);
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) tokens.push({ type: 'number', text: word, value: Number(word), at: i });
      else tokens.push({ type: 'word', text: word, at: i });
      i = j;
    } else {
      throw invalidFilter(`The character "${c}" at position ${i + 1} has no meaning in a filter.`);
    }
  }
  return tokens;
}

/** Parses a filter; an invalid one is a 400 `invalidFilter` saying where it goes wrong. */
export function parseFilter(text: string): Filter {
  if (!text.trim()) throw invalidFilter('The filter is empty.');
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const word = (token: Token | undefined, expected: string) => token?.type === 'word' && token.text.toLowerCase() === expected;
  const expect = (type: Token['type'], what: string) => {
    const token = tokens[position];
    if (token?.type !== type) throw invalidFilter(`${what} was expected ${token ? `at "${token.text}" (position ${token.at + 1})` : 'at the end of the filter'}.`);
    position += 1;
    return token;
  };

  function orExpression(): Filter {
    let left = andExpression();
    while (word(peek(), 'or')) {
      position += 1;
      left = { kind: 'or', left, right: andExpression() };
    }
    return left;
  }

  function andExpression(): Filter {
    let left = unary();
    while (word(peek(), 'and')) {
      position += 1;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }

  function unary(): Filter {
    const token = peek();
    if (word(token, 'not')) {
      position += 1;
      expect('(', 'An opening parenthesis after "not"');
      const filter = orExpression();
      expect(')', 'A closing parenthesis');
      return { kind: 'not', filter };
    }
    if (token?.type === '(') {
      position += 1;
      const filter = orExpression();
      expect(')', 'A closing parenthesis');
      return filter;
    }
    return attributeExpression();
  }

  function attributeExpression(): Filter {
    const pathToken = expect('word', 'An attribute name');
    const path = pathToken.text.toLowerCase();
    if (peek()?.type === '[') {
      position += 1;
      const filter = orExpression();
      expect(']', 'A closing bracket');
      return { kind: 'valuePath', path, filter };
    }
    const operator = expect('word', `An operator after "${pathToken.text}"`).text.toLowerCase();
    if (operator === 'pr') return { kind: 'present', path };
    if (!(COMPARE_OPERATORS as readonly string[]).includes(operator)) {
      throw invalidFilter(`"${operator}" is not a SCIM operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr).`);
    }
    const valueToken = peek();
    position += 1;
    let value: FilterValue;
    if (valueToken?.type === 'string' || valueToken?.type === 'number') value = valueToken.value!;
    else if (word(valueToken, 'true')) value = true;
    else if (word(valueToken, 'false')) value = false;
    else if (word(valueToken, 'null')) value = null;
    else throw invalidFilter(`"${pathToken.text} ${operator}" needs a value: a "string", a number, true, false or null.`);
    return { kind: 'compare', path, op: operator as CompareOperator, value };
  }

  const filter = orExpression();
  if (position < tokens.length) throw invalidFilter(`The filter goes on after its end, at "${tokens[position].text}" (position ${tokens[position].at + 1}).`);
  return filter;
}
