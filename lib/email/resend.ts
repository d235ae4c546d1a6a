/**
 * Sends one plain-text email through Resend's HTTP API (https://resend.com/docs/api-reference/emails/send-email).
 * Errors name the setting to fix and never carry the API key or the message body (which holds a sign-in code).
 */
export interface ResendMessage {
  apiKey: string | undefined;
  from: string | undefined;
  to: string;
  subject: string;
  text: string;
}

export class EmailDeliveryError extends Error {
  override name = "EmailDeliveryError";
}

export async function sendWithResend(message: ResendMessage, fetchFn: typeof fetch = fetch): Promise<void> {
  if (!message.apiKey)
    throw new EmailDeliveryError(
      "AUTH_RESEND_KEY is not set on the Convex deployment; set it, or unset AUTH_EMAIL_DELIVERY",
    );
  if (!message.from)
    throw new EmailDeliveryError(
      'AUTH_EMAIL_FROM is not set on the Convex deployment; set it to a sender Resend has verified, e.g. "Ads <ads@yourdomain.com>"',
    );
  let response: Response;
  try {
    response = await fetchFn("https://api.resend.com/emails", {
      method: "POST",
      headers: { Authorization: `Bearer ${message.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ from: message.from, to: [message.to], subject: message.subject, text: message.text }),
      redirect: "manual",
    });
  } catch {
    throw new EmailDeliveryError("Could not reach Resend to send the sign-in email; try again in a minute");
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new EmailDeliveryError(
      `Resend refused the sign-in email (HTTP ${response.status}); check AUTH_RESEND_KEY and AUTH_EMAIL_FROM`,
    );
  }
}
