import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';

describe('AsyncAPI document', () => {
  it('is the one committed (run `npm run contracts:asyncapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'asyncapi', 'sesame.asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('describes every enrolment event with its routing key', () => {
    const document = asyncApiDocument();
    const keys = Object.values(document.components.messages).map((m) => (m as { 'x-routing-key': string })['x-routing-key']);
    expect(keys).toEqual(expect.arrayContaining(['student.enrolled.v1', 'student.left.v1', 'staff.assigned.v1', 'identity.user.created', 'importer.import.completed', 'mailmerge.campaign.distributed']));
  });

  it('documents the reset request at version 2, its token sealed: no field carries it in clear', () => {
    const message = asyncApiDocument().components.messages.userPasswordResetRequested as unknown as {
      'x-routing-key': string;
      payload: { properties: { version: { const: number }; data: { properties: Record<string, { description?: string }>; required: string[] } } };
    };
    expect(message['x-routing-key']).toBe('identity.user.password-reset-requested');
    expect(message.payload.properties.version.const).toBe(2);
    const data = message.payload.properties.data;
    expect(Object.keys(data.properties)).not.toContain('token');
    expect(data.required).toContain('sealedToken');
    expect(data.properties.sealedToken.description).toMatch(/sealed for mailmerge/);
  });
});
