import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';

describe('AsyncAPI document', () => {
  it('is the one committed (run `npm run contracts:asyncapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'asyncapi', 'sesame.asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('describes every enrolment event with its routing key and never a secret event', () => {
    const document = asyncApiDocument();
    const keys = Object.values(document.components.messages).map((m) => (m as { 'x-routing-key': string })['x-routing-key']);
    expect(keys).toEqual(expect.arrayContaining(['student.enrolled.v1', 'student.left.v1', 'staff.assigned.v1', 'identity.user.created', 'importer.import.completed', 'mailmerge.campaign.distributed']));
    expect(JSON.stringify(document)).not.toContain('password-reset-requested');
  });
});
