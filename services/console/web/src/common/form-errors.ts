/**
 * Where a refusal's field errors are shown: on the fields the form has, each once; whatever no
 * field of the form can show (a field it does not have, a second error on one field) above the
 * form, as the gateway's own sentences. So one mistake gives one message, never a generic title
 * ("La requête contient des valeurs incorrectes.") on top of the field's own.
 */
export function placeFieldErrors(errors: Record<string, unknown>, shown: readonly string[]): { fields?: Record<string, string>; message?: string } {
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [field, value] of Object.entries(errors)) {
    const text = typeof value === 'string' ? value : (value as { serverError?: unknown } | undefined)?.serverError;
    if (typeof text !== 'string' || !text) continue;
    if (shown.includes(field)) fields[field] = text;
    else elsewhere.push(text);
  }
  return {
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(elsewhere.length ? { message: elsewhere.join(' ') } : {}),
  };
}
