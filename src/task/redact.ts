/**
 * Removes a secret from text the task prints or writes (log lines, the summary, messages of Azure DevOps):
 * the secret as it is, and as it travels in an Authorization header (Basic `PAT:<token>` or `:<token>`, in
 * base64). The agent masks registered secrets in the log only; files such as the summary are not masked.
 */
export function redactor(secret: string | undefined): (text: string) => string {
  if (!secret) return (text) => text;
  const forms = [secret, Buffer.from(`PAT:${secret}`).toString('base64'), Buffer.from(`:${secret}`).toString('base64')]
    .filter((f) => f.length >= 8)
    .sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, form) => out.split(form).join('***'), text);
}
