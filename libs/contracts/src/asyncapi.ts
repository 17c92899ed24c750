import { z } from 'zod';
import { EXCHANGES } from './amqp';
import {
  StaffAssignedSchema,
  StaffLeftSchema,
  StudentEnrolledSchema,
  StudentLeftSchema,
  StudentTransferredSchema,
  enrolmentRoutingKey,
} from './enrolment';
import { EventEnvelopeSchema, IdentityEvents, ImporterEvents } from './events';
import { MailmergeEvents } from './mailmerge/events';

const json = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ENROLMENT_MESSAGES = [
  ['StudentEnrolled', StudentEnrolledSchema, 'A student enrols in a school and a class, with their relatives (created once, linked to each child); a student who left comes back.'],
  ['StudentTransferred', StudentTransferredSchema, 'A student moves to another class or school (one who left stays pre-deleted).'],
  ['StudentLeft', StudentLeftSchema, 'A student leaves: the account is pre-deleted, and relatives leave with their last child.'],
  ['StaffAssigned', StaffAssignedSchema, 'A teacher or staff member is assigned to a school (and classes there).'],
  ['StaffLeft', StaffLeftSchema, 'A staff member leaves a school; pre-deleted when it was their last.'],
] as const;

/**
 * The AsyncAPI 3 document of the messages Sesame exchanges with other systems, generated from the
 * zod schemas (the contract has one source). `npm run contracts:asyncapi` writes it to
 * libs/contracts/asyncapi/sesame.asyncapi.json; a test fails when the committed file is stale.
 */
export function asyncApiDocument() {
  const typeOf = (schema: z.ZodObject) => (schema.shape.type as z.ZodLiteral<string>).value;
  const enrolmentMessages = Object.fromEntries(
    ENROLMENT_MESSAGES.map(([name, schema, summary]) => [
      name,
      {
        name,
        title: typeOf(schema),
        summary,
        contentType: 'application/json',
        correlationId: { location: '$message.payload#/eventId' },
        bindings: { amqp: { deliveryMode: 2, bindingVersion: '0.3.0' } },
        'x-routing-key': enrolmentRoutingKey({ type: typeOf(schema) as never, version: 1 }),
        payload: json(schema),
      },
    ]),
  );
  // Every service's domain events share one exchange: identity's, the importer's and mailmerge's.
  const domainMessages = Object.fromEntries(
    Object.entries({ ...IdentityEvents, ...ImporterEvents, ...MailmergeEvents }).map(([name, definition]) => [
      name,
      {
        name,
        title: definition.type,
        contentType: 'application/json',
        'x-routing-key': definition.type,
        payload: json(EventEnvelopeSchema.extend({ type: z.literal(definition.type), version: z.literal(definition.version), data: definition.data })),
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Sesame messages',
      version: '1.0.0',
      description:
        'What student information systems publish to Sesame (enrolment events) and what Sesame publishes about accounts ' +
        '(domain events of identity, the importer and mailmerge). Every message is JSON with publisher confirms on durable exchanges. Enrolment events are ' +
        'idempotent by eventId. They are ordered fact by fact, in the order (occurredAt to the millisecond, then eventId): a ' +
        'person’s names, email, a student’s placement (school and class) and departure, a staff member’s assignment to each ' +
        'school each keep what their latest event said, so an event that arrives late still sets what no newer event set, and ' +
        'the result is that of time order whatever the arrival order. An event about someone not enrolled yet is kept until ' +
        'their enrolment arrives. An invalid event (an unknown school, an account of another kind, a control character in a ' +
        'name) is dead-lettered alone, with the reason in the header x-sesame-dead-letter-reason.',
    },
    defaultContentType: 'application/json',
    servers: { rabbitmq: { host: 'rabbitmq:5672', protocol: 'amqp', description: 'The académie’s RabbitMQ' } },
    channels: {
      enrolment: {
        address: EXCHANGES.enrolment,
        description: 'Topic exchange; routing key `<type>.v<version>`, e.g. `student.enrolled.v1`.',
        messages: Object.fromEntries(Object.keys(enrolmentMessages).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
        bindings: { amqp: { is: 'routingKey', exchange: { name: EXCHANGES.enrolment, type: 'topic', durable: true, autoDelete: false }, bindingVersion: '0.3.0' } },
      },
      identityEvents: {
        address: EXCHANGES.events,
        description:
          'Topic exchange where Sesame’s services publish their domain events (accounts, imports, distributions); routing key = event type. ' +
          'An applied académie feed publishes the same account events as the other paths (identity.user.created, .updated with its fields, ' +
          '.deactivated for its leavers, .reactivated or .restored for its returners), actorId being who confirmed the feed.',
        messages: Object.fromEntries(Object.keys(domainMessages).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
        bindings: { amqp: { is: 'routingKey', exchange: { name: EXCHANGES.events, type: 'topic', durable: true, autoDelete: false }, bindingVersion: '0.3.0' } },
      },
    },
    operations: {
      receiveEnrolment: {
        action: 'receive',
        channel: { $ref: '#/channels/enrolment' },
        summary: 'Identity applies enrolment events.',
        messages: Object.keys(enrolmentMessages).map((name) => ({ $ref: `#/channels/enrolment/messages/${name}` })),
      },
      sendIdentityEvents: {
        action: 'send',
        channel: { $ref: '#/channels/identityEvents' },
        summary: 'Identity publishes what happened to accounts, the importer finished imports, mailmerge distributions.',
        messages: Object.keys(domainMessages).map((name) => ({ $ref: `#/channels/identityEvents/messages/${name}` })),
      },
    },
    components: { messages: { ...enrolmentMessages, ...domainMessages } },
  };
}
