// The addresses printed on letters and in emails: one definition, in libs/contracts.
export { PUBLIC_PAGES } from '@sesame/contracts/src/public-pages';
