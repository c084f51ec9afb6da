/**
 * A stand-in for Mailgun's HTTP API on 127.0.0.1, for Ghost's bulk email: Ghost is pointed at it
 * through its mailgun settings and sends each batch here as it would to Mailgun. Each message is
 * kept with its recipients, so a test can see exactly who Ghost sent a newsletter to.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRequest, type ApiTarget } from './ghost/adminHttp';

export interface SentMessage { domain: string; to: string[]; subject: string; emailId?: string; test: boolean }

export class FakeMailgun {
  readonly messages: SentMessage[] = [];
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { void this.answer(req, Buffer.concat(chunks), res); });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const m = /^\/v3\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'not found' }));
      return;
    }
    // Node's own multipart parser (undici's Request), as a server would read the form.
    const form = await new Request('http://mailgun.invalid/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body }).formData();
    const n = this.messages.length + 1;
    this.messages.push({
      domain: m[1] ?? '', to: form.getAll('to').map(String), subject: String(form.get('subject') ?? ''),
      emailId: form.get('v:email-id') === null ? undefined : String(form.get('v:email-id')), test: form.get('v:email-id') === null,
    });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `<fake-${n}@${m[1]}>`, message: 'Queued. Thank you.' }));
  }

  /** Points a Ghost's bulk email at this server (a staff token: integration keys cannot change settings). */
  async attach(ghost: ApiTarget, staffToken: string): Promise<void> {
    await adminRequest(ghost, 'PUT', 'settings/', {
      key: staffToken,
      body: { settings: [{ key: 'mailgun_api_key', value: 'key-fake' }, { key: 'mailgun_domain', value: 'mg.example.test' }, { key: 'mailgun_base_url', value: `${this.url}/v3` }] },
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
