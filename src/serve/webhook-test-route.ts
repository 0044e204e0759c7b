/**
 * @module serve/webhook-test-route
 * `POST /api/webhooks/test`, on the site server and the hub alike: sends one signed `test`
 * event to every configured webhook now (one attempt each, whatever events the hook takes) and
 * answers each hook's outcome by origin, never the full URL (a webhook's path is often its secret).
 * Registered inside the authenticated `/api` scope, so the bearer token is checked first.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from './api-schemas.js';
import type { WebhookSender } from './webhooks.js';

export const webhookTestSchema = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      description: 'One entry per configured webhook, in configuration order (empty: none configured)',
      items: {
        type: 'object',
        required: ['origin', 'status'],
        properties: {
          origin: { type: 'string', description: "The hook URL's scheme, host and port only" },
          status: { type: 'string', enum: ['delivered', 'rejected', 'failed'] },
          httpStatus: { type: 'integer', description: 'What the hook answered, when it answered' },
          reason: {
            type: 'string',
            description: 'Why not delivered: HTTP 503, ECONNREFUSED, ETIMEDOUT, ...',
          },
        },
      },
    },
  },
} as const;

/** `fields` go into the test event (the site's name). */
export function registerWebhookTest(
  api: FastifyInstance,
  sender: WebhookSender | undefined,
  fields: Record<string, unknown>,
) {
  api.post(
    '/webhooks/test',
    {
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
      schema: {
        summary: 'Send a signed test event to every configured webhook now',
        description:
          'One attempt per webhook, sent whatever events it subscribed to; waits for the answers (each bounded by the webhook timeout). Takes no parameters.',
        tags: ['webhooks'],
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        body: { type: 'object', additionalProperties: false, properties: {} },
        response: { 200: webhookTestSchema, ...errors(400, 401, 415) },
      },
    },
    async () => ({ results: sender ? await sender.test(fields) : [] }),
  );
}
