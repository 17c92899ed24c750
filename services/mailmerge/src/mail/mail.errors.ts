/** The recipient is not one valid mailbox: nothing was sent, and trying again would not help. */
export class InvalidRecipient extends Error {
  constructor(readonly issue: string) {
    super(`recipient refused before sending: ${issue}`);
    this.name = 'InvalidRecipient';
  }
}

/**
 * A message that could not be handed over. `transient`: the same message may go through later (4xx
 * reply, connection refused, reset or timed out); otherwise the server refused it for good (5xx), and
 * `response` keeps its answer for the logs.
 */
export class MailDeliveryFailed extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly details: { code?: string; responseCode?: number; response?: string } = {},
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'MailDeliveryFailed';
  }

  get response(): string | undefined {
    return this.details.response;
  }
}
