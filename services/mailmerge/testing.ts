/*
 * The one door through which system tests (test/) reach mailmerge, with its test helpers (an SMTP
 * server that records what it receives, a reader of the letters' PDF text). Not part of the build:
 * production code never imports it.
 */
export { startMailmerge } from './src/app';
export { MailmergeConfigSchema, loadMailmergeConfig } from './src/config/mailmerge.config';
export type { MailmergeDatabase } from './src/database/schema';
export { DocumentsRetentionProcessor } from './src/maintenance/documents-retention.processor';
export { RecipientCodeSealing } from './src/campaigns/recipient-codes';
export { slotsOf } from './src/letters/sheet-layout.rules';
export { TestSmtpServer } from './test/support/smtp';
export type { ReceivedMail, Refusal } from './test/support/smtp';
export { readPdfText, textIn, flatTextIn } from './test/support/pdf-text';
export type { PdfPage, PdfTextItem } from './test/support/pdf-text';
