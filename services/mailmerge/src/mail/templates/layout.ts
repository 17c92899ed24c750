import type { Locale } from '@sesame/contracts';
import { escapeHtml } from './format.rules';

/**
 * A paragraph of plain text, or a link: a button followed by the bare address in HTML, the bare
 * address alone in text (the paragraph before it says what it is for).
 */
export type Block = string | { link: string; label: string };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  locale: Locale;
  subject: string;
  greeting: string;
  blocks: Block[];
  /** Polite closing lines ("Cordialement," / "L’équipe Sesame"). */
  closing: string[];
  /** Small print under the message (sent automatically, do not answer). */
  footer: string;
}

const STYLE = {
  body: 'margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1e1e1e;',
  card: 'max-width:560px;margin:0 auto;padding:24px 28px;background:#ffffff;border-radius:6px;',
  p: 'margin:0 0 16px;',
  button: 'display:inline-block;padding:10px 18px;background:#000091;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  url: 'margin:0 0 16px;font-size:13px;color:#555555;word-break:break-all;',
  footer: 'max-width:560px;margin:12px auto 0;font-size:12px;color:#666666;',
};

/**
 * Writes one message twice, as plain text and as HTML, from the same blocks: both say the same
 * thing, and every piece of text goes through escapeHtml exactly once.
 */
export function renderMail(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    ...content.blocks.map((block) => (typeof block === 'string' ? block : block.link)),
    content.closing.join('\n'),
    // "-- " on its own line: mail clients recognise (and grey out) what follows as a signature.
    `-- \n${content.footer}`,
  ].join('\n\n');

  const paragraph = (html: string, style = STYLE.p) => `<p style="${style}">${html}</p>`;
  const body = [
    paragraph(escapeHtml(content.greeting)),
    ...content.blocks.map((block) =>
      typeof block === 'string'
        ? paragraph(escapeHtml(block))
        : paragraph(`<a href="${escapeHtml(block.link)}" style="${STYLE.button}">${escapeHtml(block.label)}</a>`) +
          paragraph(`<a href="${escapeHtml(block.link)}" style="color:#000091;">${escapeHtml(block.link)}</a>`, STYLE.url),
    ),
    paragraph(content.closing.map(escapeHtml).join('<br>')),
  ].join('\n');
  const html = `<!DOCTYPE html>
<html lang="${content.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="${STYLE.body}">
<div style="${STYLE.card}">
${body}
</div>
<p style="${STYLE.footer}">${escapeHtml(content.footer)}</p>
</body>
</html>
`;
  return { subject: content.subject, text: `${text}\n`, html };
}
